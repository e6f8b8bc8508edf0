using System.Globalization;

namespace MonitorHub.Core.Drift;

/// <summary>The column typing the ad-hoc drift check and CSV references use (files are read by <see cref="CsvReader"/>).</summary>
public static class CsvColumns
{
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
