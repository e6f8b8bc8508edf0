using System.Text.Json;
using MonitorHub.Core.Drift.Predictions;

namespace MonitorHub.Core.Tests.Drift.Predictions;

public sealed class PredictionParsingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    private static BatchParseResult<PredictionRecord> Parse(string items) =>
        PredictionBatchParser.Parse(JsonDocument.Parse($$"""{"predictions":[{{items}}]}""").RootElement, Now);

    [Fact]
    public void ValidPrediction_ParsesEveryField_FeaturesSortedByName()
    {
        var result = Parse("""{"id":"p-1","model":"asr","version":"v7","timestamp":"2026-11-26T09:00:00Z","features":{"input_volume":0.42,"device":"pixel","x":null},"output":"hello","score":0.91,"latencyMs":83}""");

        Assert.True(result.IsValid);
        var p = Assert.Single(result.Items);
        Assert.Equal(("p-1", "asr", "v7"), (p.Id, p.Model, p.Version));
        Assert.Equal(Now.AddHours(-1).ToUnixTimeMilliseconds(), p.TimestampMs);
        Assert.Equal(["device", "input_volume", "x"], p.Features.Select(f => f.Name));
        Assert.Equal(Scalar.Of("pixel"), p.Features[0].Value);
        Assert.Equal(Scalar.Of(0.42), p.Features[1].Value);
        Assert.True(p.Features[2].Value.IsMissing);
        Assert.Equal(Scalar.Of("hello"), p.Output);
        Assert.Equal((0.91, 83.0), (p.Score, p.LatencyMs));
    }

    [Fact]
    public void UnixMillisecondTimestamp_AndNumericOutput_AreAccepted()
    {
        var ms = Now.AddMinutes(-5).ToUnixTimeMilliseconds();
        var p = Assert.Single(Parse($$"""{"id":"a","model":"m","timestamp":{{ms}},"output":3.5}""").Items);
        Assert.Equal(ms, p.TimestampMs);
        Assert.Equal(Scalar.Of(3.5), p.Output);
        Assert.Equal("", p.Version);
        Assert.Empty(p.Features);
    }

    [Theory]
    [InlineData("""{"model":"m","timestamp":"2026-11-26T09:00:00Z"}""", "id")]
    [InlineData("""{"id":"a","model":"bad name","timestamp":"2026-11-26T09:00:00Z"}""", "model")]
    [InlineData("""{"id":"a","model":"m"}""", "timestamp")]
    [InlineData("""{"id":"a","model":"m","timestamp":"2026-11-26T12:00:00Z"}""", "timestamp")]
    [InlineData("""{"id":"a","model":"m","timestamp":"1970-01-02T00:00:00Z"}""", "timestamp")]
    [InlineData("""{"id":"a","model":"m","timestamp":"2026-11-26T09:00:00Z","features":{"name":{"a":1}}}""", "features.name")]
    [InlineData("""{"id":"a","model":"m","timestamp":"2026-11-26T09:00:00Z","features":{"name":[1]}}""", "features.name")]
    [InlineData("""{"id":"a","model":"m","timestamp":"2026-11-26T09:00:00Z","features":{"name":true}}""", "features.name")]
    [InlineData("""{"id":"a","model":"m","timestamp":"2026-11-26T09:00:00Z","output":true}""", "output")]
    [InlineData("""{"id":"a","model":"m","timestamp":"2026-11-26T09:00:00Z","latencyMs":-1}""", "latencyMs")]
    public void BadItem_IsReportedWithIndexAndField(string bad, string field)
    {
        var result = Parse("""{"id":"ok","model":"m","timestamp":"2026-11-26T09:00:00Z"},""" + bad);
        Assert.False(result.IsValid);
        Assert.Empty(result.Items);
        var issue = Assert.Single(result.Issues);
        Assert.Equal((1, field), (issue.Index, issue.Field));
    }

    [Fact]
    public void IdOver200Characters_AndTooManyFeatures_AreRejected()
    {
        var features = string.Join(',', Enumerable.Range(0, PredictionLimits.MaxFeatures + 1).Select(i => $"\"f{i}\":1"));
        var result = Parse($$$"""{"id":"{{{new string('x', 201)}}}","model":"m","timestamp":"2026-11-26T09:00:00Z","features":{{{{features}}}}}""");
        Assert.Equal(["id", "features"], result.Issues.Select(i => i.Field));
    }

    [Fact]
    public void MoreThanTenThousand_IsTooMany()
    {
        var items = string.Join(',', Enumerable.Repeat("""{"id":"a"}""", PredictionLimits.MaxPerBatch + 1));
        Assert.True(Parse(items).TooMany);
    }

    [Fact]
    public void Labels_StringOrNumber_AndMissingLabelIsAnError()
    {
        var result = LabelBatchParser.Parse(JsonDocument.Parse("""{"labels":[{"predictionId":"p","model":"m","label":"x"},{"predictionId":"q","model":"m","label":2},{"predictionId":"r","model":"m"}]}""").RootElement);
        var issue = Assert.Single(result.Issues);
        Assert.Equal((2, "label"), (issue.Index, issue.Field));
    }
}
