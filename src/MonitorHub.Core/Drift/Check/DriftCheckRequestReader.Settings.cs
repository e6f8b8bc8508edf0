using System.Globalization;
using System.Text;
using System.Text.Json;
using MonitorHub.Core.Metrics;

namespace MonitorHub.Core.Drift.Check;

/// <summary>Per-column settings, scalar fields, and assembling the parsed sides into a request.</summary>
public static partial class DriftCheckRequestReader
{
    private static void ReadColumnOptions(ref Utf8JsonReader reader, State state)
    {
        if (!IsObject(ref reader, state, "columns", "Must be an object mapping column names to settings {type, method, threshold, floor}.")) return;
        while (NextProperty(ref reader, state, "columns", out var name, out var field))
        {
            if (!IsObject(ref reader, state, field, "Must be an object {type, method, threshold, floor}.")) continue;
            var settings = new ColumnSettings();
            while (NextProperty(ref reader, state, field, out var key, out var keyField))
            {
                switch (key)
                {
                    case "type":
                        if (ReadString(ref reader, state, keyField) is { } t)
                        {
                            settings.Kind = DriftCheckNames.Kind(t);
                            if (settings.Kind is null) state.Issue(keyField, $"Unknown type '{t}': numeric or categorical.");
                        }

                        break;
                    case "method":
                        if (ReadString(ref reader, state, keyField) is { } m)
                        {
                            settings.Method = DriftCheckNames.Method(m);
                            if (settings.Method is null) state.Issue(keyField, $"Unknown method '{m}': one of {string.Join(", ", DriftCheckNames.Methods)}.");
                        }

                        break;
                    case "threshold":
                        settings.Threshold = ReadNumber(ref reader, state, keyField);
                        if (settings.Threshold is <= 0) state.Issue(keyField, "Must be greater than 0 (α for ks/chi2, the minimum distance otherwise).");
                        break;
                    case "floor":
                        settings.Floor = ReadNumber(ref reader, state, keyField);
                        if (settings.Floor is < 0) state.Issue(keyField, "Must be 0 or more (the minimum effect size for ks/chi2 to count as drift).");
                        break;
                    default:
                        state.Issue(keyField, "Unknown setting: expected type, method, threshold or floor.");
                        reader.Skip();
                        break;
                }
            }

            if (settings.Threshold is > 1 && settings.Method is DriftMethod.Ks or DriftMethod.Chi2)
                state.Issue($"{field}.threshold", "An α for ks/chi2 must be at most 1.");
            if (!state.Settings.TryAdd(name, settings)) state.Issue(field, "The column appears twice.");
        }
    }

    private static string? ReadString(ref Utf8JsonReader reader, State state, string field)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType == JsonTokenType.String) return reader.GetString();
        state.Issue(field, "Must be a string.");
        reader.Skip();
        return null;
    }

    private static double? ReadNumber(ref Utf8JsonReader reader, State state, string field)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var v) && double.IsFinite(v)) return v;
        state.Issue(field, reader.TokenType == JsonTokenType.Number ? "Must be a finite number." : "Must be a number.");
        reader.Skip();
        return null;
    }

    /// <summary>Types each column over both sides and turns builders into Core input.</summary>
    private static DriftCheckRequest Assemble(State state)
    {
        if (!state.SawReference) state.Issue("reference", "Required: an object mapping each column name to its reference values.");
        else if (state.Reference.Count == 0) state.Issue("reference", "At least one column.");
        if (!state.SawCurrent) state.Issue("current", "Required: an object mapping each column name to its current values.");

        var reference = new List<ColumnData>();
        var current = new List<ColumnData>();
        foreach (var (name, r) in state.Reference)
        {
            var declared = state.Settings.GetValueOrDefault(name)?.Kind;
            var c = state.Current.GetValueOrDefault(name);
            var kind = declared ?? Infer(state, name, r, c);
            if (kind is null) continue;
            if (declared == ColumnKind.Numeric)
            {
                foreach (var side in new[] { r, c })
                {
                    if (side is { FirstString: >= 0 }) state.Issue($"{side.Field}[{side.FirstString}]", $"Must be a number: columns.{name}.type is numeric.");
                }
            }

            reference.Add(r.Build(name, kind.Value));
            if (c is not null) current.Add(c.Build(name, kind.Value));
        }

        foreach (var (name, c) in state.Current.Where(p => !state.Reference.ContainsKey(p.Key)))
            current.Add(c.Build(name, state.Settings.GetValueOrDefault(name)?.Kind ?? (c.FirstString >= 0 ? ColumnKind.Categorical : ColumnKind.Numeric)));

        var options = new DriftRunOptions
        {
            DefaultMethod = state.DefaultMethod,
            Correction = state.Correction,
            DriftShare = state.DriftShare,
            Columns = state.Settings.ToDictionary(p => p.Key, p => new ColumnDriftOptions(p.Value.Method ?? DriftMethod.Auto, p.Value.Threshold, p.Value.Floor), StringComparer.Ordinal),
        };
        return new DriftCheckRequest(reference, current, options);
    }

    /// <summary>A side holding only numbers is numeric, only strings categorical; a mix on one side, or numbers on
    /// one side and strings on the other, is an error at the first value that breaks the pattern.</summary>
    private static ColumnKind? Infer(State state, string name, DriftCheckColumnBuilder reference, DriftCheckColumnBuilder? current)
    {
        const string Hint = "A column holds numbers or strings, not both (set columns.{0}.type to categorical to treat numbers as categories).";
        ColumnKind? kind = null;
        foreach (var side in new[] { reference, current })
        {
            if (side is null) continue;
            if (side is { FirstNumber: >= 0, FirstString: >= 0 })
            {
                state.Issue($"{side.Field}[{Math.Max(side.FirstNumber, side.FirstString)}]", string.Format(CultureInfo.InvariantCulture, Hint, name));
                return null;
            }

            ColumnKind? own = side.FirstNumber >= 0 ? ColumnKind.Numeric : side.FirstString >= 0 ? ColumnKind.Categorical : null;
            if (own is null) continue;
            if (kind is not null && own != kind)
            {
                state.Issue($"{side.Field}[{Math.Max(side.FirstNumber, side.FirstString)}]",
                    $"reference.{name} holds {(kind == ColumnKind.Numeric ? "numbers" : "strings")} but this is {(own == ColumnKind.Numeric ? "a number" : "a string")}. "
                    + string.Format(CultureInfo.InvariantCulture, Hint, name));
                return null;
            }

            kind = own;
        }

        return kind ?? ColumnKind.Numeric;
    }

    private sealed class ColumnSettings
    {
        public ColumnKind? Kind { get; set; }
        public DriftMethod? Method { get; set; }
        public double? Threshold { get; set; }
        public double? Floor { get; set; }
    }

    private sealed class State
    {
        public List<ValidationIssue> Issues { get; } = [];
        public string Path { get; set; } = "body";
        public bool SawReference { get; set; }
        public bool SawCurrent { get; set; }
        public Dictionary<string, DriftCheckColumnBuilder> Reference { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, DriftCheckColumnBuilder> Current { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, ColumnSettings> Settings { get; } = new(StringComparer.Ordinal);
        public DriftMethod DefaultMethod { get; set; } = DriftMethod.Auto;
        public MultipleTestCorrection Correction { get; set; } = MultipleTestCorrection.None;
        public double DriftShare { get; set; } = 0.5;

        public void Issue(string field, string reason)
        {
            if (Issues.Count < MaxIssues) Issues.Add(new ValidationIssue(null, field, reason));
        }

        public bool CheckColumnName(string name, string field)
        {
            if (name.Length == 0) Issue(field, "A column needs a name.");
            else if (name.Length > DriftCheckLimits.MaxColumnNameLength) Issue(field, $"Column names are at most {DriftCheckLimits.MaxColumnNameLength} characters.");
            else return true;
            return false;
        }
    }
}
