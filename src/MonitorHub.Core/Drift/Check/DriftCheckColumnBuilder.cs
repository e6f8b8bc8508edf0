using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MonitorHub.Core.Drift.Check;

/// <summary>Collects one side of one column while its type is still open: numbers into doubles until a
/// string arrives, then everything as text (numbers in their shortest round-trip form).</summary>
internal sealed class DriftCheckColumnBuilder(string field)
{
    public const int InternMaxBytes = 128;

    private List<double?>? _numbers;
    private List<string?>? _strings;
    private HashSet<string>? _distinct;
    private int _leadingNulls;

    public string Field { get; } = field;
    public int FirstNumber { get; private set; } = -1;
    public int FirstString { get; private set; } = -1;

    public void AddNull()
    {
        if (_strings is not null) _strings.Add(null);
        else if (_numbers is not null) _numbers.Add(null);
        else _leadingNulls++;
    }

    public void AddNumber(double value, int index)
    {
        if (FirstNumber < 0) FirstNumber = index;
        if (_strings is not null)
        {
            _strings.Add(Format(value));
            return;
        }

        if (_numbers is null)
        {
            _numbers = new List<double?>(Math.Max(16, _leadingNulls * 2));
            for (var i = 0; i < _leadingNulls; i++) _numbers.Add(null);
        }

        _numbers.Add(value);
    }

    /// <summary>Short unescaped strings are looked up by their characters, so a category repeated a
    /// million times is one string instance rather than a million.</summary>
    public void AddString(ref Utf8JsonReader reader, scoped Span<char> scratch, int index)
    {
        if (FirstString < 0) FirstString = index;
        SwitchToText();
        _distinct ??= new HashSet<string>(StringComparer.Ordinal);
        var span = reader.ValueSpan;
        if (!reader.ValueIsEscaped && !reader.HasValueSequence && span.Length <= InternMaxBytes
            && DriftCheckRequestReader.StrictUtf8.TryGetChars(span, scratch, out var written))
        {
            var lookup = _distinct.GetAlternateLookup<ReadOnlySpan<char>>();
            if (!lookup.TryGetValue(scratch[..written], out var existing))
            {
                existing = new string(scratch[..written]);
                _distinct.Add(existing);
            }

            _strings!.Add(existing);
            return;
        }

        _strings!.Add(reader.GetString());
    }

    private void SwitchToText()
    {
        if (_strings is not null) return;
        _strings = new List<string?>(Math.Max(16, (_numbers?.Count ?? _leadingNulls) * 2));
        if (_numbers is not null)
        {
            foreach (var n in _numbers) _strings.Add(n is { } v ? Format(v) : null);
            _numbers = null;
        }
        else
        {
            for (var i = 0; i < _leadingNulls; i++) _strings.Add(null);
        }
    }

    public ColumnData Build(string name, ColumnKind kind)
    {
        if (kind == ColumnKind.Numeric)
        {
            // Strings here were reported as issues already; only a clean numeric column reaches Core.
            return ColumnData.Numeric(name, _numbers?.ToArray() ?? new double?[_strings?.Count ?? _leadingNulls]);
        }

        SwitchToText();
        return ColumnData.Categorical(name, [.. _strings!]);
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
