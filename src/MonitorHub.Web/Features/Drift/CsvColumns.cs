using System.Globalization;
using System.Text;
using MonitorHub.Core.Drift;

namespace MonitorHub.Web.Features.Drift;

/// <summary>A parsed CSV file, column by column: the header row names the columns; an empty (or blank) cell is null.</summary>
public sealed record CsvTable(string[] Names, string?[][] Columns)
{
    public int RowCount => Columns.Length == 0 ? 0 : Columns[0].Length;

    public string?[]? Find(string name)
    {
        var i = Array.IndexOf(Names, name);
        return i < 0 ? null : Columns[i];
    }
}

/// <param name="Table">Null when <paramref name="Error"/> says why the file was rejected.</param>
public sealed record CsvParseResult(CsvTable? Table, string? Error);

/// <summary>A small RFC 4180 reader (quoted fields with commas, line breaks and doubled quotes; CRLF or LF
/// line ends) plus the column typing the ad-hoc drift check uses. Written here rather than pulled in as a
/// package because the check needs only this much, and every rejection must say which line is wrong.</summary>
public static class CsvColumns
{
    public const int MaxColumns = DriftCheckLimits.MaxColumns;
    public const int MaxRows = DriftCheckLimits.MaxValuesPerColumn;

    public static CsvParseResult Parse(string text)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var pos = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var line = 1;
        var recordLine = 1;
        int? width = null;
        var atFieldStart = true;
        var sawAnything = false;

        while (true)
        {
            if (pos >= text.Length)
            {
                // A final record without a trailing line break still counts; a trailing break does not add an empty record.
                if (sawAnything || fields.Count > 0) fields.Add(field.ToString());
                if (fields.Count > 0)
                {
                    var error = Add(records, fields, recordLine, ref width);
                    if (error is not null) return new(null, error);
                }

                break;
            }

            var c = text[pos];
            if (c == '"' && atFieldStart)
            {
                // Quoted field: runs to the closing quote; "" inside is one quote; commas and line breaks are data.
                var startLine = line;
                pos++;
                while (true)
                {
                    if (pos >= text.Length) return new(null, $"Line {startLine}: a quoted field is never closed.");
                    var q = text[pos];
                    if (q == '"')
                    {
                        if (pos + 1 < text.Length && text[pos + 1] == '"')
                        {
                            field.Append('"');
                            pos += 2;
                            continue;
                        }

                        pos++;
                        break;
                    }

                    if (q == '\n') line++;
                    field.Append(q);
                    pos++;
                }

                if (pos < text.Length && text[pos] is not (',' or '\r' or '\n'))
                    return new(null, $"Line {line}: unexpected text after a closing quote (a quote inside a quoted field is written \"\").");
                atFieldStart = false;
                sawAnything = true;
                continue;
            }

            if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
                atFieldStart = true;
                sawAnything = true;
                pos++;
                continue;
            }

            if (c is '\r' or '\n')
            {
                pos += c == '\r' && pos + 1 < text.Length && text[pos + 1] == '\n' ? 2 : 1;
                if (sawAnything || fields.Count > 0 || width == 1)
                {
                    fields.Add(field.ToString());
                    var error = Add(records, fields, recordLine, ref width);
                    if (error is not null) return new(null, error);
                }

                // A blank line in a multi-column file is skipped; in a one-column file it is a missing value (added above).
                fields.Clear();
                field.Clear();
                atFieldStart = true;
                sawAnything = false;
                line++;
                recordLine = line;
                continue;
            }

            field.Append(c);
            atFieldStart = false;
            sawAnything = true;
            pos++;
        }

        if (records.Count == 0) return new(null, "The file is empty: the first row must name the columns.");
        var names = records[0];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = names[i].Trim();
            if (names[i].Length == 0) return new(null, $"Line 1: column {i + 1} has no name.");
            if (Array.IndexOf(names, names[i], 0, i) >= 0) return new(null, $"Line 1: the column name '{names[i]}' appears twice.");
        }

        if (names.Length > MaxColumns) return new(null, $"At most {MaxColumns} columns; the file has {names.Length}.");
        var rows = records.Count - 1;
        if (rows > MaxRows) return new(null, $"At most {MaxRows:N0} rows; the file has {rows:N0}.");
        var columns = new string?[names.Length][];
        for (var col = 0; col < names.Length; col++)
        {
            var values = new string?[rows];
            for (var r = 0; r < rows; r++)
            {
                var cell = records[r + 1][col];
                values[r] = string.IsNullOrWhiteSpace(cell) ? null : cell;
            }

            columns[col] = values;
        }

        return new(new CsvTable(names, columns), null);
    }

    private static string? Add(List<string[]> records, List<string> fields, int line, ref int? width)
    {
        if (width is null) width = fields.Count;
        else if (fields.Count != width) return $"Line {line}: {fields.Count} fields, but the header has {width}.";
        if (records.Count > MaxRows + 1) return $"At most {MaxRows:N0} rows.";
        records.Add([.. fields]);
        fields.Clear();
        return null;
    }

    /// <summary>Numeric when every non-empty cell parses as an invariant-culture number, else categorical.</summary>
    public static bool IsNumeric(string?[] cells)
    {
        foreach (var cell in cells)
        {
            if (cell is not null && !TryNumber(cell, out _)) return false;
        }

        return true;
    }

    public static bool TryNumber(string cell, out double value) =>
        double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    /// <summary>One file's columns for a reference: numeric when every non-empty cell is a number.</summary>
    public static List<ColumnData> Columns(CsvTable table) =>
        [.. table.Names.Select((name, i) => IsNumeric(table.Columns[i])
            ? ColumnData.Numeric(name, [.. table.Columns[i].Select(c => c is not null && TryNumber(c, out var v) ? v : (double?)null)])
            : ColumnData.Categorical(name, table.Columns[i]))];

    /// <summary>The columns of two files as drift-check input. A column must be in both files and is typed
    /// over both (one non-numeric cell on either side makes it categorical), so the sides always agree.</summary>
    public static (List<ColumnData> Reference, List<ColumnData> Current, string? Error) Pair(CsvTable reference, CsvTable current)
    {
        var onlyReference = reference.Names.Except(current.Names, StringComparer.Ordinal).ToList();
        if (onlyReference.Count > 0) return ([], [], $"Column '{onlyReference[0]}' is in the reference file but not in the current file.");
        var onlyCurrent = current.Names.Except(reference.Names, StringComparer.Ordinal).ToList();
        if (onlyCurrent.Count > 0) return ([], [], $"Column '{onlyCurrent[0]}' is in the current file but not in the reference file.");

        var refColumns = new List<ColumnData>();
        var curColumns = new List<ColumnData>();
        foreach (var name in reference.Names)
        {
            var (r, c) = (reference.Find(name)!, current.Find(name)!);
            if (IsNumeric(r) && IsNumeric(c))
            {
                refColumns.Add(ColumnData.Numeric(name, ToNumbers(r)));
                curColumns.Add(ColumnData.Numeric(name, ToNumbers(c)));
            }
            else
            {
                refColumns.Add(ColumnData.Categorical(name, r));
                curColumns.Add(ColumnData.Categorical(name, c));
            }
        }

        return (refColumns, curColumns, null);
    }

    private static double?[] ToNumbers(string?[] cells)
    {
        var values = new double?[cells.Length];
        for (var i = 0; i < cells.Length; i++) values[i] = cells[i] is { } s && TryNumber(s, out var v) ? v : null;
        return values;
    }
}
