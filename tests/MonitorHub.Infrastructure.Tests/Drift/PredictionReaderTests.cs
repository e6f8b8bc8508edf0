using MonitorHub.Core;
using MonitorHub.Core.Drift.Predictions;
using MonitorHub.Infrastructure.Drift;

namespace MonitorHub.Infrastructure.Tests.Drift;

/// <summary>Predictions written through the node's writer and read back column-wise, on the run's provider.</summary>
public sealed class PredictionReaderTests
{
    /// <summary>On the run's provider: SQLite, or PostgreSQL in tests/run.sh's PostgreSQL pass.</summary>
    private static Task<StoreFixture> CreateStoreAsync() => Task.FromResult(new StoreFixture());

    private static PredictionRecord P(string id, int minute, params Feature[] features) =>
        new(id, "m", "", StoreFixture.Start.AddMinutes(minute).ToUnixTimeMilliseconds(), features, Scalar.Of("out"), null, null);

    [Fact]
    public async Task ReadsColumns_ByRangeAndLastN_InTimeOrder_BothStrategiesAgree()
    {
        await using var store = await CreateStoreAsync();
        var outcome = await store.Get<PredictionIngestion>().IngestAsync(
        [
            P("c", -1, new("num", Scalar.Of(3)), new("cat", Scalar.Of("b"))),
            P("a", -3, new("num", Scalar.Of(1)), new("cat", Scalar.Of("a")), new("mixed", Scalar.Of(2))),
            P("b", -2, new("cat", Scalar.Missing), new("mixed", Scalar.Of("two"))),
        ], null, TestContext.Current.CancellationToken);
        Assert.Equal(StoreOutcome.Ok, outcome.Outcome);
        var reader = store.Get<PredictionReader>();
        FeatureRequest[] features = [new("num"), new("cat"), new("mixed"), new("num", FeatureKind.Categorical), new("absent")];

        var all = await reader.ReadFeaturesAsync("m", PredictionWindow.Range(StoreFixture.Start.AddHours(-1), StoreFixture.Start), features, TestContext.Current.CancellationToken);

        Assert.Equal(3, all.Count);
        Assert.Equal([1.0, null, 3.0], all.Columns[0].Numeric!);
        Assert.Equal(["a", null, "b"], all.Columns[1].Categorical!);
        Assert.Equal(FeatureKind.Categorical, all.Columns[2].Kind);
        Assert.Equal(["2", "two", null], all.Columns[2].Categorical!);
        Assert.Equal(["1", null, "3"], all.Columns[3].Categorical!);
        Assert.Equal([null, null, null], all.Columns[4].Numeric!);

        var last2 = await reader.ReadFeaturesAsync("m", PredictionWindow.Latest(2), [new("num")], TestContext.Current.CancellationToken);
        Assert.Equal([null, 3.0], last2.Columns[0].Numeric!);
        Assert.True(last2.TimestampsMs[0] < last2.TimestampsMs[1]);

        var extracted = reader.ReadFeatures("m", PredictionWindow.Range(StoreFixture.Start.AddHours(-1), StoreFixture.Start), features, PredictionReader.Strategy.JsonExtract);
        Assert.Equal(all.Columns.Select(c => c.Kind), extracted.Columns.Select(c => c.Kind));
        Assert.Equal(all.Columns[2].Categorical!, extracted.Columns[2].Categorical!);
        Assert.Equal(["cat", "mixed", "num"], await reader.FeatureNamesAsync("m", cancellationToken: TestContext.Current.CancellationToken));
    }
}
