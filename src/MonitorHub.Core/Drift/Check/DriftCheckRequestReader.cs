using System.Globalization;
using System.Text;
using System.Text.Json;
using MonitorHub.Core.Metrics;

namespace MonitorHub.Core.Drift.Check;

/// <summary>Reads a drift-check body in one pass with <see cref="Utf8JsonReader"/>: values go straight into
/// typed arrays (no boxed object per value, and repeated category strings are shared), and every problem
/// is reported with its path, e.g. <c>reference.age[3]</c>.</summary>
public static partial class DriftCheckRequestReader
{
    private const int MaxIssues = 50;

    /// <summary>Throws on invalid bytes instead of substituting U+FFFD, like <see cref="Utf8JsonReader.GetString"/>.</summary>
    internal static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static (DriftCheckRequest? Request, List<ValidationIssue> Issues) Read(ReadOnlySpan<byte> json)
    {
        var state = new State();
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 16 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                state.Issue("body", "A JSON object is required.");
                return (null, state.Issues);
            }

            ReadRoot(ref reader, state);
            state.Path = "body";
            if (reader.Read()) state.Issue("body", "Unexpected content after the JSON object.");
        }
        catch (JsonException ex)
        {
            state.Issue(state.Path, $"Invalid JSON: {ErrorText.FirstSentence(ex.Message)}");
            return (null, state.Issues);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            // GetString() and the strict decoder refuse invalid UTF-8 and lone surrogates.
            state.Issue(state.Path, "Invalid text: strings must be valid UTF-8 without lone surrogates.");
            return (null, state.Issues);
        }

        if (state.Issues.Count > 0) return (null, state.Issues);
        var request = Assemble(state);
        return state.Issues.Count > 0 ? (null, state.Issues) : (request, state.Issues);
    }

    private static void ReadRoot(ref Utf8JsonReader reader, State state)
    {
        while (NextProperty(ref reader, state, "", out var name, out _))
        {
            switch (name)
            {
                case "reference":
                    state.SawReference = true;
                    ReadSide(ref reader, state, "reference", state.Reference);
                    break;
                case "current":
                    state.SawCurrent = true;
                    ReadSide(ref reader, state, "current", state.Current);
                    break;
                case "method":
                    if (ReadString(ref reader, state, "method") is { } m)
                    {
                        if (DriftCheckNames.Method(m) is { } method) state.DefaultMethod = method;
                        else state.Issue("method", $"Unknown method '{m}': one of {string.Join(", ", DriftCheckNames.Methods)}.");
                    }

                    break;
                case "correction":
                    if (ReadString(ref reader, state, "correction") is { } c)
                    {
                        if (DriftCheckNames.Correction(c) is { } correction) state.Correction = correction;
                        else state.Issue("correction", $"Unknown correction '{c}': one of {string.Join(", ", DriftCheckNames.Corrections)}.");
                    }

                    break;
                case "driftShare":
                    if (ReadNumber(ref reader, state, "driftShare") is { } share)
                    {
                        if (share is > 0 and <= 1) state.DriftShare = share;
                        else state.Issue("driftShare", "Must be greater than 0 and at most 1 (the share of drifted columns that makes the dataset drift).");
                    }

                    break;
                case "columns":
                    ReadColumnOptions(ref reader, state);
                    break;
                default:
                    state.Issue(name, "Unknown property: expected reference, current, method, columns, correction or driftShare.");
                    reader.Skip();
                    break;
            }
        }
    }

    private static void ReadSide(ref Utf8JsonReader reader, State state, string side, Dictionary<string, DriftCheckColumnBuilder> columns)
    {
        if (!IsObject(ref reader, state, side, "Must be an object mapping each column name to an array of values.")) return;
        while (NextProperty(ref reader, state, side, out var name, out var field))
        {
            if (!state.CheckColumnName(name, field) || columns.ContainsKey(name))
            {
                if (columns.ContainsKey(name)) state.Issue(field, "The column appears twice.");
                reader.Skip();
                continue;
            }

            if (columns.Count == DriftCheckLimits.MaxColumns)
            {
                state.Issue(side, $"At most {DriftCheckLimits.MaxColumns} columns.");
                reader.Skip();
                continue;
            }

            var builder = new DriftCheckColumnBuilder(field);
            columns[name] = builder;
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                state.Issue(field, "Must be an array of values (numbers or strings; null for a missing value).");
                reader.Skip();
                continue;
            }

            ReadValues(ref reader, state, builder);
        }
    }

    /// <summary>True at the start of an object; otherwise reports <paramref name="field"/> and skips the value.</summary>
    private static bool IsObject(ref Utf8JsonReader reader, State state, string field, string expected)
    {
        if (reader.TokenType == JsonTokenType.StartObject) return true;
        state.Issue(field, expected);
        reader.Skip();
        return false;
    }

    /// <summary>Moves onto the value of the object's next property, with its name and path (the path
    /// also becomes <see cref="State.Path"/>, for errors the JSON reader throws); false at the object's end.</summary>
    private static bool NextProperty(ref Utf8JsonReader reader, State state, string parent, out string name, out string field)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.PropertyName)
        {
            name = field = "";
            return false;
        }

        name = reader.GetString()!;
        field = parent.Length == 0 ? name : $"{parent}.{name}";
        state.Path = field;
        reader.Read();
        return true;
    }

    private static void ReadValues(ref Utf8JsonReader reader, State state, DriftCheckColumnBuilder builder)
    {
        Span<char> chars = stackalloc char[DriftCheckColumnBuilder.InternMaxBytes];
        var index = 0;
        var reported = false;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (index >= DriftCheckLimits.MaxValuesPerColumn)
            {
                // Past the limit nothing is kept: the request is rejected anyway.
                if (index == DriftCheckLimits.MaxValuesPerColumn)
                    state.Issue(builder.Field, $"At most {DriftCheckLimits.MaxValuesPerColumn:N0} values per column; larger checks belong in a drift monitor.");
                reported = true;
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) reader.Skip();
                index++;
                continue;
            }

            switch (reader.TokenType)
            {
                case JsonTokenType.Null:
                    builder.AddNull();
                    break;
                case JsonTokenType.Number:
                    if (reader.TryGetDouble(out var v) && double.IsFinite(v)) builder.AddNumber(v, index);
                    else Report(state, builder, index, "Must be a finite number (within ±1.7e308).", ref reported);
                    break;
                case JsonTokenType.String:
                    builder.AddString(ref reader, chars, index);
                    break;
                case JsonTokenType.True or JsonTokenType.False:
                    Report(state, builder, index, "Booleans are not values: use numbers, strings, or null for missing.", ref reported);
                    break;
                default:
                    Report(state, builder, index, "Objects and arrays are not values: use numbers, strings, or null for missing.", ref reported);
                    reader.Skip();
                    break;
            }

            index++;
        }
    }

    /// <summary>One issue per column is enough to fix it; a million bad values should not make a million issues.</summary>
    private static void Report(State state, DriftCheckColumnBuilder builder, int index, string reason, ref bool reported)
    {
        if (reported) return;
        state.Issue($"{builder.Field}[{index}]", reason);
        reported = true;
    }
}
