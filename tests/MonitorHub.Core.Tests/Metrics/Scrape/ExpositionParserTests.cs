using MonitorHub.Core.Metrics.Scrape;

namespace MonitorHub.Core.Tests.Metrics.Scrape;

public sealed class ExpositionParserTests
{
    private static string TestData(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Metrics", "Scrape", "TestData", name));

    [Fact]
    public void RealPrometheusExposition_ParsesEveryLine_WithTypesAndHelp()
    {
        var text = TestData("prometheus.txt");
        var result = ExpositionParser.Parse(text);

        Assert.True(result.IsValid, result.Error?.ToString());
        var sampleLines = text.Split('\n').Count(l => l.Length > 0 && l[0] != '#');
        Assert.Equal(sampleLines, result.SampleCount);
        var gc = Assert.Single(result.Families, f => f.Name == "go_gc_duration_seconds");
        Assert.Equal(ExpositionType.Summary, gc.Type);
        Assert.Equal("A summary of the pause duration of garbage collection cycles.", gc.Help);
        Assert.Equal(["", "", "", "", "", "_sum", "_count"], gc.Samples.Select(s => s.Suffix));
        var histogram = Assert.Single(result.Families, f => f.Name == "prometheus_tsdb_compaction_chunk_range_seconds");
        Assert.Equal(ExpositionType.Histogram, histogram.Type);
        Assert.Contains(histogram.Samples, s => s.Suffix == "_bucket" && s.Label("le") == "+Inf");
    }

    [Fact]
    public void RealNodeExporterExposition_Parses()
    {
        var result = ExpositionParser.Parse(TestData("node_exporter.txt"));

        Assert.True(result.IsValid, result.Error?.ToString());
        Assert.Contains(result.Families, f => f.Name == "node_cpu_seconds_total" && f.Type == ExpositionType.Counter);
        Assert.Contains(result.Families, f => f.Name == "node_load1" && f.Type == ExpositionType.Gauge);
    }

    [Fact]
    public void LabelValues_UnescapeBackslashQuoteAndNewline()
    {
        var result = ExpositionParser.Parse("m{path=\"C:\\\\dir\",quote=\"say \\\"hi\\\"\",nl=\"a\\nb\",other=\"\\d\"} 1\n");

        Assert.True(result.IsValid, result.Error?.ToString());
        var sample = Assert.Single(Assert.Single(result.Families).Samples);
        Assert.Equal("C:\\dir", sample.Label("path"));
        Assert.Equal("say \"hi\"", sample.Label("quote"));
        Assert.Equal("a\nb", sample.Label("nl"));
        Assert.Equal("\\d", sample.Label("other"));
    }

    [Fact]
    public void HelpText_UnescapesBackslashAndNewline()
    {
        var result = ExpositionParser.Parse("# HELP m first\\nsecond \\\\ done\n# TYPE m gauge\nm 1\n");

        Assert.Equal("first\nsecond \\ done", Assert.Single(result.Families).Help);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("+Inf")]
    [InlineData("-Inf")]
    [InlineData("1.5e-3")]
    [InlineData("-42")]
    public void SpecialAndScientificValues_Parse(string text)
    {
        var result = ExpositionParser.Parse($"m {text}\n");

        Assert.True(result.IsValid, result.Error?.ToString());
        var expected = text switch { "NaN" => double.NaN, "+Inf" => double.PositiveInfinity, "-Inf" => double.NegativeInfinity, _ => double.Parse(text, System.Globalization.CultureInfo.InvariantCulture) };
        Assert.Equal(expected, Assert.Single(Assert.Single(result.Families).Samples).Value);
    }

    [Fact]
    public void Timestamps_AreOptional_AndReadAsMilliseconds()
    {
        var result = ExpositionParser.Parse("a 1 1700000000123\nb{x=\"y\"} 2\n");

        var samples = result.Families.SelectMany(f => f.Samples).ToList();
        Assert.Equal(1700000000123, samples[0].TimestampMs);
        Assert.Null(samples[1].TimestampMs);
    }

    [Fact]
    public void CommentsBlankLinesAndCrLf_AreIgnored()
    {
        var result = ExpositionParser.Parse("# just a comment\r\n\r\n   \r\n# TYPE c counter\r\nc_total 3\r\n# EOF\r\n");

        Assert.True(result.IsValid, result.Error?.ToString());
        Assert.Equal(1, result.SampleCount);
    }

    [Fact]
    public void CreatedAndTotalLines_JoinTheirCounterFamily()
    {
        var result = ExpositionParser.Parse("# TYPE requests counter\nrequests_total{code=\"200\"} 5\nrequests_created{code=\"200\"} 1.7e9\n# TYPE py_total counter\npy_total 1\npy_created 1.7e9\n");

        var requests = Assert.Single(result.Families, f => f.Name == "requests");
        Assert.Equal(["_total", "_created"], requests.Samples.Select(s => s.Suffix));
        var python = Assert.Single(result.Families, f => f.Name == "py_total");
        Assert.Equal(["", "_created"], python.Samples.Select(s => s.Suffix));
    }

    [Fact]
    public void SamplesWithoutType_AreUntypedFamiliesOfTheirOwn()
    {
        var result = ExpositionParser.Parse("foo_bucket{le=\"1\"} 1\nfoo_sum 2\n");

        Assert.All(result.Families, f => Assert.Equal(ExpositionType.Untyped, f.Type));
        Assert.Equal(["foo_bucket", "foo_sum"], result.Families.Select(f => f.Name));
    }

    [Theory]
    [InlineData("m{a=\"1\" 1", 2, "expected ',' or '}'")]
    [InlineData("m{a=\"1", 2, "not closed")]
    [InlineData("m{a=1} 1", 2, "quoted value")]
    [InlineData("m abc", 2, "'abc' is not a number")]
    [InlineData("m", 2, "has no value")]
    [InlineData("m 1 soon", 2, "not a timestamp")]
    [InlineData("{a=\"1\"} 1", 2, "metric name")]
    [InlineData("m{a=\"1\",a=\"2\"} 1", 2, "twice")]
    [InlineData("# TYPE m histogramm", 2, "unknown type")]
    public void ALineThatDoesNotParse_RefusesTheBody_NamingTheLine(string bad, int line, string message)
    {
        var result = ExpositionParser.Parse("ok 1\n" + bad + "\nlater 2\n");

        Assert.False(result.IsValid);
        Assert.Equal(line, result.Error!.Line);
        Assert.Contains(message, result.Error.Message, StringComparison.Ordinal);
        Assert.Empty(result.Families);
    }

    [Fact]
    public void ASecondTypeLine_IsAnError()
    {
        var result = ExpositionParser.Parse("# TYPE m gauge\n# TYPE m counter\n");

        Assert.Equal(2, result.Error!.Line);
    }

    [Fact]
    public void LinesPastTheLengthLimit_AreRefused()
    {
        var result = ExpositionParser.Parse("a 1\nm{v=\"" + new string('x', 200) + "\"} 1\n", new ExpositionLimits(100, 10));

        Assert.Equal(2, result.Error!.Line);
        Assert.Contains("longer than 100", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SamplesPastTheSeriesLimit_AreRefused()
    {
        var result = ExpositionParser.Parse(string.Concat(Enumerable.Range(0, 4).Select(i => $"m{{i=\"{i}\"}} 1\n")), new ExpositionLimits(100, 3));

        Assert.Equal(4, result.Error!.Line);
        Assert.Contains("more than 3 samples", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LabelsMayHaveATrailingCommaAndSpaces()
    {
        var result = ExpositionParser.Parse("m{ a = \"1\" , b=\"2\", } 7\n");

        Assert.True(result.IsValid, result.Error?.ToString());
        Assert.Equal(2, Assert.Single(Assert.Single(result.Families).Samples).Labels.Count);
    }
}
