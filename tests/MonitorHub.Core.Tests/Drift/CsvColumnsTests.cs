using MonitorHub.Core.Drift;

namespace MonitorHub.Core.Tests.Drift;

/// <summary>The drift check's RFC 4180 reader and its column typing.</summary>
public sealed class CsvColumnsTests
{
    private static CsvTable Table(string text)
    {
        var parsed = CsvReader.Parse(text);
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
        var parsed = CsvReader.Parse(text);

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

    [Fact]
    public async Task ChunkBoundaries_AnywhereGiveTheSameTable()
    {
        const string text = "\uFEFFname,comment\r\n\"Smith, J\",\"said \"\"hi\"\"\r\nthen left\"\r\nplain,\"\"\r\n\r\nlast,x";
        var whole = CsvReader.Parse(text).Table!;
        await using var trickle = new TrickleStream(System.Text.Encoding.UTF8.GetBytes(text), bytesPerRead: 1);
        var chunked = (await CsvReader.ParseAsync(trickle, TestContext.Current.CancellationToken)).Table!;

        Assert.Equal(whole.Names, chunked.Names);
        Assert.Equal(whole.Find("comment")!, chunked.Find("comment")!);
        Assert.Equal(["Smith, J", "plain", "last"], chunked.Find("name")!);
    }

    [Fact]
    public async Task TooWideHeader_IsRefusedBeforeTheRestIsRead()
    {
        var header = string.Join(",", Enumerable.Range(0, 100_000).Select(i => "c" + i)) + "\n";
        await using var stream = new EndlessStream(header, "1\n");
        var parsed = await CsvReader.ParseAsync(stream, TestContext.Current.CancellationToken);

        Assert.Null(parsed.Table);
        Assert.Equal($"At most {DriftCheckLimits.MaxColumns} columns; the header has more.", parsed.Error);
        Assert.True(stream.BytesRead < 256 * 1024, $"read {stream.BytesRead} bytes of an endless file");
    }

    [Fact]
    public async Task RowsPastTheLimit_StopTheRead()
    {
        await using var stream = new EndlessStream("x\n", "1\n");
        var parsed = await CsvReader.ParseAsync(stream, TestContext.Current.CancellationToken);

        Assert.Equal($"At most {DriftCheckLimits.MaxValuesPerColumn:N0} rows.", parsed.Error);
        Assert.True(stream.BytesRead < 3 * (DriftCheckLimits.MaxValuesPerColumn + 100_000), $"read {stream.BytesRead} bytes");
    }

    [Fact]
    public async Task Reading_StopsWhenCancelled()
    {
        using var cancelled = new CancellationTokenSource();
        await using var stream = new EndlessStream("x\n", "1\n", afterBytes: 10_000, onPassed: cancelled.Cancel);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await CsvReader.ParseAsync(stream, cancelled.Token));
    }

    [Fact]
    public async Task InvalidUtf8_IsExplained()
    {
        await using var stream = new MemoryStream([(byte)'a', (byte)'\n', 0xC3, 0x28, (byte)'\n']);
        Assert.Equal("The file must be UTF-8 text.", (await CsvReader.ParseAsync(stream, TestContext.Current.CancellationToken)).Error);
    }

    /// <summary>Hands out a fixed text a few bytes per read, to put chunk boundaries everywhere.</summary>
    private sealed class TrickleStream(byte[] bytes, int bytesPerRead) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, bytesPerRead));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, bytesPerRead)], cancellationToken);
    }

    /// <summary>A header, then one row repeated for ever: only a reader that stops by itself ends.</summary>
    private sealed class EndlessStream(string head, string row, long afterBytes = long.MaxValue, Action? onPassed = null) : Stream
    {
        private readonly byte[] _head = System.Text.Encoding.UTF8.GetBytes(head);
        private readonly byte[] _row = System.Text.Encoding.UTF8.GetBytes(row);

        public long BytesRead { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var written = 0;
            while (written < count)
            {
                var source = BytesRead < _head.Length ? _head : _row;
                var at = BytesRead < _head.Length ? BytesRead : (BytesRead - _head.Length) % _row.Length;
                buffer[offset + written++] = source[at];
                BytesRead++;
                if (BytesRead == afterBytes) onPassed?.Invoke();
            }

            return written;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
