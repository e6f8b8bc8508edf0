using System.Globalization;
using System.Text;

namespace MonitorHub.Core.Metrics.Scrape;

/// <summary>
/// Parses the Prometheus text exposition format (version 0.0.4, and the OpenMetrics lines it shares:
/// <c>_created</c>, <c>_total</c>, <c># EOF</c>). There is no maintained .NET parser for it, so this is
/// a small hand-written one: all or nothing — the first line that does not parse refuses the whole
/// body with its line number, so a half-understood scrape never stores half the truth.
/// </summary>
public static class ExpositionParser
{
    private static readonly string[] FamilySuffixes = ["_bucket", "_sum", "_count", "_created", "_total"];

    public static ExpositionParseResult Parse(string text, ExpositionLimits? limits = null)
    {
        limits ??= ExpositionLimits.Default;
        var help = new Dictionary<string, string>(StringComparer.Ordinal);
        var types = new Dictionary<string, ExpositionType>(StringComparer.Ordinal);
        // Families in first-seen order; a family's samples need not be contiguous.
        var families = new Dictionary<string, List<ExpositionSample>>(StringComparer.Ordinal);
        var count = 0;
        var lineNumber = 0;
        var position = 0;
        while (position < text.Length)
        {
            var end = text.IndexOf('\n', position);
            if (end < 0) end = text.Length;
            var line = text.AsSpan(position, end - position).TrimEnd('\r');
            position = end + 1;
            lineNumber++;
            if (line.Length > limits.MaxLineLength)
                return Fail(lineNumber, $"longer than {limits.MaxLineLength} characters");
            if (line.IsWhiteSpace()) continue;

            if (line[0] == '#')
            {
                if (ParseComment(line, help, types) is { } commentError) return Fail(lineNumber, commentError);
                continue;
            }

            if (!TryParseSample(line, out var name, out var labels, out var value, out var timestamp, out var error))
                return Fail(lineNumber, error);
            if (++count > limits.MaxSamples)
                return Fail(lineNumber, $"more than {limits.MaxSamples} samples");

            var (family, suffix) = FamilyOf(name, types);
            if (!families.TryGetValue(family, out var samples)) families[family] = samples = [];
            samples.Add(new ExpositionSample(name, suffix, labels, value, timestamp));
        }

        var result = families.Select(f => new ExpositionFamily(f.Key, types.GetValueOrDefault(f.Key), help.GetValueOrDefault(f.Key), f.Value)).ToList();
        return new ExpositionParseResult(result, count, null);
    }

    private static ExpositionParseResult Fail(int line, string message) => new([], 0, new ExpositionError(line, message));

    /// <summary>The family a sample line belongs to: its own name when a TYPE declared it, else the
    /// declared histogram/summary/counter it is a suffix of, else an untyped family of its own.</summary>
    private static (string Family, string Suffix) FamilyOf(string name, Dictionary<string, ExpositionType> types)
    {
        if (types.ContainsKey(name)) return (name, "");
        foreach (var suffix in FamilySuffixes)
        {
            if (!name.EndsWith(suffix, StringComparison.Ordinal)) continue;
            var stem = name[..^suffix.Length];
            if (types.TryGetValue(stem, out var type) && Fits(type, suffix)) return (stem, suffix);
            // client_python declares "x_total" as the counter and writes "x_created" beside it.
            if (suffix == "_created" && types.TryGetValue(stem + "_total", out var counter) && counter == ExpositionType.Counter) return (stem + "_total", suffix);
        }

        return (name, "");
    }

    private static bool Fits(ExpositionType type, string suffix) => type switch
    {
        ExpositionType.Histogram => suffix is "_bucket" or "_sum" or "_count" or "_created",
        ExpositionType.Summary => suffix is "_sum" or "_count" or "_created",
        ExpositionType.Counter => suffix is "_total" or "_created",
        _ => false,
    };

    private static string? ParseComment(ReadOnlySpan<char> line, Dictionary<string, string> help, Dictionary<string, ExpositionType> types)
    {
        var rest = line[1..].TrimStart(" \t");
        var isHelp = rest.StartsWith("HELP ") || rest.StartsWith("HELP\t");
        var isType = rest.StartsWith("TYPE ") || rest.StartsWith("TYPE\t");
        // Any other comment (including OpenMetrics' "# EOF" and "# UNIT") carries nothing we use.
        if (!isHelp && !isType) return null;
        rest = rest[4..].TrimStart(" \t");
        var nameEnd = rest.IndexOfAny(' ', '\t');
        var name = (nameEnd < 0 ? rest : rest[..nameEnd]).ToString();
        if (!IsMetricName(name)) return $"'{Shorten(name)}' is not a metric name";
        var tail = nameEnd < 0 ? [] : rest[(nameEnd + 1)..];
        if (isHelp)
        {
            help.TryAdd(name, Unescape(tail, quoted: false));
            return null;
        }

        var typeText = tail.Trim(" \t").ToString();
        ExpositionType? type = typeText switch
        {
            "counter" => ExpositionType.Counter,
            "gauge" => ExpositionType.Gauge,
            "histogram" => ExpositionType.Histogram,
            "summary" => ExpositionType.Summary,
            "untyped" or "unknown" => ExpositionType.Untyped,
            _ => null,
        };
        if (type is null) return $"unknown type '{Shorten(typeText)}' (counter, gauge, histogram, summary or untyped)";
        if (!types.TryAdd(name, type.Value)) return $"a second TYPE line for '{name}'";
        return null;
    }

    private static bool TryParseSample(ReadOnlySpan<char> line, out string name, out List<KeyValuePair<string, string>> labels,
        out double value, out long? timestamp, out string error)
    {
        labels = [];
        value = 0;
        timestamp = null;
        error = "";
        var i = 0;
        while (i < line.Length && IsNameChar(line[i], i == 0)) i++;
        name = line[..i].ToString();
        if (name.Length == 0)
        {
            error = "expected a metric name";
            return false;
        }

        i = SkipBlanks(line, i);
        if (i < line.Length && line[i] == '{' && !TryParseLabels(line, ref i, labels, out error)) return false;

        var fields = line[i..].Trim(" \t");
        var split = fields.IndexOfAny(' ', '\t');
        var valueText = split < 0 ? fields : fields[..split];
        if (!TryParseValue(valueText, out value))
        {
            error = valueText.IsEmpty ? $"'{name}' has no value" : $"'{Shorten(valueText.ToString())}' is not a number";
            return false;
        }

        if (split < 0) return true;
        var timestampText = fields[split..].Trim(" \t");
        if (!long.TryParse(timestampText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ts))
        {
            // OpenMetrics writes seconds with a fraction; 0.0.4 writes whole milliseconds.
            if (!double.TryParse(timestampText, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || !double.IsFinite(seconds))
            {
                error = $"'{Shorten(timestampText.ToString())}' is not a timestamp";
                return false;
            }

            ts = (long)Math.Round(seconds * 1000);
        }

        timestamp = ts;
        return true;
    }

    private static bool TryParseLabels(ReadOnlySpan<char> line, ref int i, List<KeyValuePair<string, string>> labels, out string error)
    {
        error = "";
        i++; // '{'
        while (true)
        {
            i = SkipBlanks(line, i);
            if (i >= line.Length) { error = "labels are not closed with '}'"; return false; }
            if (line[i] == '}') { i++; return true; }
            var start = i;
            while (i < line.Length && IsLabelChar(line[i], i == start)) i++;
            if (i == start) { error = $"expected a label name at column {i + 1}"; return false; }
            var label = line[start..i].ToString();
            i = SkipBlanks(line, i);
            if (i >= line.Length || line[i] != '=') { error = $"expected '=' after label '{label}'"; return false; }
            i = SkipBlanks(line, i + 1);
            if (i >= line.Length || line[i] != '"') { error = $"expected a quoted value for label '{label}'"; return false; }
            var valueStart = ++i;
            while (i < line.Length && line[i] != '"') i += line[i] == '\\' ? 2 : 1;
            if (i >= line.Length) { error = $"the value of label '{label}' is not closed with '\"'"; return false; }
            var text = Unescape(line[valueStart..i], quoted: true);
            i++;
            if (labels.Exists(l => l.Key == label)) { error = $"label '{label}' appears twice"; return false; }
            labels.Add(new(label, text));
            i = SkipBlanks(line, i);
            if (i < line.Length && line[i] == ',') i++;
            else if (i < line.Length && line[i] != '}') { error = $"expected ',' or '}}' after label '{label}'"; return false; }
        }
    }

    private static bool TryParseValue(ReadOnlySpan<char> text, out double value)
    {
        switch (text)
        {
            case "NaN": value = double.NaN; return true;
            case "+Inf" or "Inf": value = double.PositiveInfinity; return true;
            case "-Inf": value = double.NegativeInfinity; return true;
        }

        // No thousands separators, hex or currency: exactly Go's ParseFloat subset a client writes.
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Label values escape <c>\\</c>, <c>\"</c> and <c>\n</c>; HELP text escapes <c>\\</c> and <c>\n</c>.
    /// Any other backslash is kept as written (as Prometheus does).</summary>
    private static string Unescape(ReadOnlySpan<char> text, bool quoted)
    {
        if (text.IndexOf('\\') < 0) return text.ToString();
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c != '\\' || i + 1 >= text.Length)
            {
                builder.Append(c);
                continue;
            }

            var next = text[i + 1];
            switch (next)
            {
                case '\\': builder.Append('\\'); i++; break;
                case 'n': builder.Append('\n'); i++; break;
                case '"' when quoted: builder.Append('"'); i++; break;
                default: builder.Append(c); break;
            }
        }

        return builder.ToString();
    }

    private static int SkipBlanks(ReadOnlySpan<char> line, int i)
    {
        while (i < line.Length && line[i] is ' ' or '\t') i++;
        return i;
    }

    public static bool IsMetricName(string name)
    {
        if (name.Length == 0) return false;
        for (var i = 0; i < name.Length; i++)
        {
            if (!IsNameChar(name[i], i == 0)) return false;
        }

        return true;
    }

    private static bool IsNameChar(char c, bool first) =>
        c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or '_' or ':' || (!first && c is >= '0' and <= '9');

    private static bool IsLabelChar(char c, bool first) =>
        c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or '_' || (!first && c is >= '0' and <= '9');

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
