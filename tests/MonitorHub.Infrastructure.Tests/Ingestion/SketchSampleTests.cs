using Microsoft.Extensions.Time.Testing;
using MonitorHub.Core.Metrics;
using MonitorHub.Core.Metrics.Interop;
using MonitorHub.Infrastructure.Ingestion;
using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Infrastructure.Tests.Ingestion;

/// <summary>Histograms reach the writer as sketches: merged into the minute's rollup, with no raw rows.</summary>
public sealed class SketchSampleTests
{
    [Fact]
    public async Task Sketch_MergesIntoTheMinutesRollup_WithoutRawRows()
    {
        await using var store = new StoreFixture();
        using var writer = store.NewWriteStore(new FakeTimeProvider(StoreFixture.Start));
        var tags = TagSet.From([new("route", "/score")]);
        var sketch = new ExplicitHistogram([10, 100], [1, 2, 3], Sum: 300, Min: 1, Max: 500).ToSketch();
        var sample = new MetricSample("hist.latency", 50, StoreFixture.Start, tags);

        writer.Write([new PreparedBatch([sample], [new SketchSample("hist.latency", sketch, StoreFixture.Start.AddSeconds(10), tags)])]);

        Assert.Equal(7, store.Scalar($"SELECT {Tables.Rollups.Count} FROM {Tables.Rollups.Table}"));
        Assert.Equal(350, store.Scalar($"SELECT CAST({Tables.Rollups.Sum} AS INTEGER) FROM {Tables.Rollups.Table}"));
        Assert.Equal(500, store.Scalar($"SELECT CAST({Tables.Rollups.Max} AS INTEGER) FROM {Tables.Rollups.Table}"));
        Assert.Equal(1, store.Scalar($"SELECT COUNT(*) FROM {Tables.Samples.Table}"));
    }
}
