using System.Text.Json;
using MonitorHub.Core.Metrics;

namespace MonitorHub.Core.Tests.Metrics;

public sealed class SampleBatchParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    private static SampleBatchParseResult Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return SampleBatchParser.Parse(document.RootElement, Now);
    }

    [Fact]
    public void ValidBatch_ParsesEveryField()
    {
        var result = Parse("""{"samples":[{"metric":"asr.latency_ms","value":212.5,"timestamp":"2026-11-26T09:00:00Z","tags":{"model_version":"v7","region":"eu"}}]}""");

        Assert.True(result.IsValid);
        var sample = Assert.Single(result.Samples);
        Assert.Equal("asr.latency_ms", sample.Metric);
        Assert.Equal(212.5, sample.Value);
        Assert.Equal(Now.AddHours(-1), sample.Timestamp);
        Assert.Equal("model_version=v7,region=eu", sample.Tags.Key);
    }

    [Fact]
    public void MissingTimestamp_UsesServerTime_AndMissingTagsAreEmpty()
    {
        var sample = Assert.Single(Parse("""{"samples":[{"metric":"m","value":1}]}""").Samples);
        Assert.Equal(Now, sample.Timestamp);
        Assert.Same(TagSet.Empty, sample.Tags);
    }

    public static TheoryData<string, string> BadItems => new()
    {
        { """{"value":1}""", "metric" },
        { """{"metric":"Upper.Case","value":1}""", "metric" },
        { """{"metric":"has space","value":1}""", "metric" },
        { "{\"metric\":\"" + new string('a', 129) + "\",\"value\":1}", "metric" },
        { """{"metric":42,"value":1}""", "metric" },
        { """{"metric":"m"}""", "value" },
        { """{"metric":"m","value":"12"}""", "value" },
        { """{"metric":"m","value":1e999}""", "value" },
        { """{"metric":"m","value":1,"timestamp":"yesterday"}""", "timestamp" },
        { """{"metric":"m","value":1,"timestamp":1732615200}""", "timestamp" },
        { """{"metric":"m","value":1,"timestamp":"2026-11-26T12:00:01Z"}""", "timestamp" },
        { """{"metric":"m","value":1,"timestamp":"1999-12-31T23:59:59Z"}""", "timestamp" },
        { """{"metric":"m","value":1,"tags":["a"]}""", "tags" },
        { """{"metric":"m","value":1,"tags":{"a":1}}""", "tags.a" },
        { "{\"metric\":\"m\",\"value\":1,\"tags\":{\"" + new string('k', 65) + "\":\"v\"}}", "tags" },
        { "{\"metric\":\"m\",\"value\":1,\"tags\":{\"k\":\"" + new string('v', 257) + "\"}}", "tags.k" },
        { """{"metric":"m","value":1,"tags":{"a":"1","a":"2"}}""", "tags.a" },
        { "{\"metric\":\"m\",\"value\":1,\"tags\":{" + string.Join(",", Enumerable.Range(0, 17).Select(i => $"\"t{i}\":\"v\"")) + "}}", "tags" },
        { "7", "sample" },
    };

    [Theory]
    [MemberData(nameof(BadItems))]
    public void BadItem_RejectsTheWholeBatch_NamingIndexAndField(string badItem, string field)
    {
        var result = Parse($$"""{"samples":[{"metric":"ok","value":1},{{badItem}}]}""");

        Assert.False(result.IsValid);
        Assert.Empty(result.Samples);
        var issue = Assert.Single(result.Issues);
        Assert.Equal(1, issue.Index);
        Assert.Equal(field, issue.Field);
        Assert.False(string.IsNullOrWhiteSpace(issue.Reason));
    }

    [Fact]
    public void EveryBadItem_IsReported()
    {
        var result = Parse("""{"samples":[{"metric":"BAD","value":1},{"metric":"ok","value":1},{"metric":"ok","value":"x","timestamp":"nope"}]}""");
        Assert.Equal([(0, "metric"), (2, "value"), (2, "timestamp")], result.Issues.Select(i => (i.Index ?? -1, i.Field)));
    }

    [Theory]
    [InlineData("""[]""")]
    [InlineData("""{"metrics":[]}""")]
    [InlineData("""{"samples":{}}""")]
    [InlineData("""{"samples":[]}""")]
    public void MalformedEnvelope_IsReportedAgainstSamples(string json)
    {
        var issue = Assert.Single(Parse(json).Issues);
        Assert.Null(issue.Index);
        Assert.Equal("samples", issue.Field);
    }

    [Fact]
    public void MoreThanTenThousandSamples_IsTooLarge()
    {
        var items = string.Join(",", Enumerable.Repeat("""{"metric":"m","value":1}""", IngestionLimits.MaxSamplesPerBatch + 1));
        var result = Parse($$"""{"samples":[{{items}}]}""");
        Assert.True(result.TooManySamples);
        Assert.Empty(result.Samples);
    }

    [Fact]
    public void ExactlyTenThousandSamples_IsAccepted()
    {
        var items = string.Join(",", Enumerable.Repeat("""{"metric":"m","value":1}""", IngestionLimits.MaxSamplesPerBatch));
        Assert.Equal(IngestionLimits.MaxSamplesPerBatch, Parse($$"""{"samples":[{{items}}]}""").Samples.Count);
    }
}
