using MonitorHub.Core.Export;

namespace MonitorHub.Core.Tests.Export;

public sealed class CsvCellsTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("+1", "'+1")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    public void FormulaStarts_AreDefusedWithAnApostrophe(string value, string expected) => Assert.Equal(expected, CsvCells.Cell(value));

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData(null, "")]
    public void Cells_AreQuotedOnlyWhenTheyMustBe(string? value, string expected) => Assert.Equal(expected, CsvCells.Cell(value));

    [Fact]
    public void Row_JoinsCellsWithCommas_AndEndsWithCrLf() => Assert.Equal("a,'=1,\"b,c\"\r\n", CsvCells.Row("a", "=1", "b,c"));
}
