using System.Text;

namespace MonitorHub.Core.Export;

/// <summary>
/// Writes CSV rows (RFC 4180) that a spreadsheet opens as text. A cell a spreadsheet would read as a
/// formula (starting with =, +, -, @, a tab or a carriage return: OWASP's list) gets a leading
/// apostrophe, because exported text such as a comment or an actor name is user input and must
/// not run as a formula on the machine of whoever opens the export.
/// </summary>
public static class CsvCells
{
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];
    private static readonly char[] NeedsQuotes = [',', '"', '\n', '\r'];

    public static string Cell(string? value)
    {
        var text = value ?? "";
        if (text.Length > 0 && Array.IndexOf(FormulaStarts, text[0]) >= 0) text = "'" + text;
        return text.IndexOfAny(NeedsQuotes) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }

    /// <summary>One row with its CRLF line end.</summary>
    public static string Row(params IEnumerable<string?> cells)
    {
        var row = new StringBuilder();
        foreach (var cell in cells)
        {
            if (row.Length > 0) row.Append(',');
            row.Append(Cell(cell));
        }

        return row.Append("\r\n").ToString();
    }
}
