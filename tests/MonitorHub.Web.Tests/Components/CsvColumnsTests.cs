using MonitorHub.Core.Drift;
using MonitorHub.Web.Features.Drift;

namespace MonitorHub.Web.Tests.Components;

/// <summary>The drift check's RFC 4180 reader and its column typing.</summary>
public sealed class CsvColumnsTests
{
    private static CsvTable Table(string text)
    {
        var parsed = CsvColumns.Parse(text);
        Assert.True(parsed.Table is not null, parsed.Error);
        return parsed.Table;
    }

    [Fact]
    public void QuotedFields_KeepCommasLineBreaksAndDoubledQuotes()
    {
        var table = Table("name,comment\r\n\"Smith, J\",\"said \"\"hi\"\"\r\nthen left\"\r\nplain,\"\"\r\n");

        Assert.Equal(["name", "comment"], table.Names);
        Assert.Equal(["Smith, J", "plain"], table.Find("name")!);
        Assert.Equal(["said \"hi\"\r\nthen left", null], table.Find("comment")!);
    }

    [Fact]
    public void LfAndCrlf_TrailingBreakOptional_BomAndBlankLinesIgnored()
    {
        var crlf = Table("\uFEFFa,b\r\n1,x\r\n\r\n2,y");
        var lf = Table("a,b\n1,x\n2,y\n");

        foreach (var table in new[] { crlf, lf })
        {
            Assert.Equal(["a", "b"], table.Names);
            Assert.Equal(2, table.RowCount);
            Assert.Equal(["1", "2"], table.Find("a")!);
            Assert.Equal(["x", "y"], table.Find("b")!);
        }
    }

    [Fact]
    public void EmptyCells_AreMissing_AndAOneColumnFileKeepsBlankLines()
    {
        var table = Table("a,b\n,x\n3,\n");
        Assert.Equal([null, "3"], table.Find("a")!);
        Assert.Equal(["x", null], table.Find("b")!);

        var single = Table("v\n1\n\n2\n");
        Assert.Equal(["1", null, "2"], single.Find("v")!);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("a,b\n1\n", "Line 2: 1 fields, but the header has 2")]
    [InlineData("a,b\n1,2,3\n", "Line 2: 3 fields")]
    [InlineData("a\n\"open\n", "Line 2: a quoted field is never closed")]
    [InlineData("a\n\"x\"y\n", "Line 2: unexpected text after a closing quote")]
    [InlineData("a,,c\n1,2,3\n", "column 2 has no name")]
    [InlineData("a,a\n1,2\n", "'a' appears twice")]
    public void BadFiles_SayWhatAndWhere(string text, string expected)
    {
        var parsed = CsvColumns.Parse(text);

        Assert.Null(parsed.Table);
        Assert.Contains(expected, parsed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Pair_TypesEachColumnOverBothFiles()
    {
        var reference = Table("x,city,code\n1.5,Berlin,1\n-2e3,Paris,2\n,Rome,3\n");
        var current = Table("x,city,code\n  7 ,Oslo,n/a\n0.25,,4\n");

        var (refColumns, curColumns, error) = CsvColumns.Pair(reference, current);

        Assert.Null(error);
        Assert.Equal(ColumnKind.Numeric, refColumns[0].Kind);
        Assert.Equal([1.5, -2000, null], refColumns[0].NumericValues!);
        Assert.Equal([7, 0.25], curColumns[0].NumericValues!);
        Assert.Equal(ColumnKind.Categorical, refColumns[1].Kind);
        Assert.Equal(["Oslo", null], curColumns[1].CategoricalValues!);
        // One non-numeric cell in the current file makes the column categorical on both sides.
        Assert.Equal(ColumnKind.Categorical, refColumns[2].Kind);
        Assert.Equal(ColumnKind.Categorical, curColumns[2].Kind);
        Assert.Equal(["1", "2", "3"], refColumns[2].CategoricalValues!);
    }

    [Fact]
    public void Pair_RefusesAColumnOnOneSideOnly()
    {
        var (_, _, error) = CsvColumns.Pair(Table("a,b\n1,2\n"), Table("a\n1\n"));

        Assert.Equal("Column 'b' is in the reference file but not in the current file.", error);
    }

    [Fact]
    public void Numbers_AreInvariantCulture()
    {
        Assert.True(CsvColumns.IsNumeric(["1.5", "1e3", "-0.25", null]));
        Assert.False(CsvColumns.IsNumeric(["1,5"]));
        Assert.False(CsvColumns.IsNumeric(["12 kg"]));
    }
}
