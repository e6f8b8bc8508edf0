using System.Text.Json;
using MonitorHub.Core;
using MonitorHub.Core.Drift;
using MonitorHub.Core.Drift.Monitors;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Ingestion;
using MonitorHub.Infrastructure.Observability;
using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Infrastructure.Drift;

public sealed record Overlay(string Feature, ColumnKind Kind, NumericHistogram? Histogram, CategoryBars? Bars, int CurrentRows);

/// <summary>
/// Runs drift monitors: the current window is read from the prediction log, the reference comes
/// precomputed, the statistics are Core's. Each run is stored and written as metrics through the
/// ingestion writer, which is what lets an ordinary alarm rule fire on drift.
/// </summary>
public sealed class DriftRunner(DriftStore store, PredictionReader predictions, ModelStore models, IngestionWriter writer, TimeProvider clock, ServiceMetrics metrics)
{
    /// <summary>Builds a reference from the model's logs in [from, to).</summary>
    public async Task<StoreResult<ReferenceView>> ReferenceFromLogsAsync(
        string model, string? name, DateTimeOffset from, DateTimeOffset to, IReadOnlyList<string>? features, string actor, CancellationToken cancellationToken = default)
    {
        var issues = new List<ValidationIssue>();
        if (to <= from) issues.Add(new(null, "to", "'to' must be later than 'from'."));
        var names = features is { Count: > 0 } ? features : await predictions.FeatureNamesAsync(model, 5000, cancellationToken);
        if (names.Count == 0) issues.Add(new(null, "model", $"Model '{model}' has no logged features yet."));
        if (issues.Count > 0) return StoreResult<ReferenceView>.Invalid(issues);
        var columns = await predictions.ReadFeaturesAsync(model, PredictionWindow.Range(from, to), [.. names.Select(n => new FeatureRequest(n))], cancellationToken);
        if (columns.Count == 0) return StoreResult<ReferenceView>.Invalid([new(null, "from", "No predictions of this model in that range.")]);
        if (columns.Count > DriftStore.MaxReferenceRows) return StoreResult<ReferenceView>.Invalid([new(null, "from", $"The range holds {columns.Count} predictions; a reference takes at most {DriftStore.MaxReferenceRows}.")]);
        var profile = ReferenceProfile.Build(columns.Columns.Select(ToData));
        var label = string.IsNullOrWhiteSpace(name) ? $"{from:yyyy-MM-dd HH:mm}–{to:yyyy-MM-dd HH:mm} UTC" : name.Trim();
        return StoreResult<ReferenceView>.Ok(await store.AddReferenceAsync(model, label, "logs", from, to, columns.Count, profile, actor, cancellationToken));
    }

    /// <summary>Runs one monitor now. Null when it does not exist.</summary>
    public async Task<DriftRunView?> RunAsync(int monitorId, CancellationToken cancellationToken = default)
    {
        if (await store.GetMonitorAsync(monitorId, cancellationToken) is not { Monitor: var monitor }) return null;
        using var timer = metrics.DriftRunSeconds.Time();
        var now = clock.GetUtcNow();
        var run = new DriftRunEntity { MonitorId = monitorId, AtMs = now.ToUnixTimeMilliseconds(), Columns = "[]" };
        var profile = await store.ProfileAsync(monitor.ReferenceId, cancellationToken);
        if (profile is null)
        {
            run.Error = "The reference no longer exists.";
            return await store.AddRunAsync(monitorId, run, monitor.IntervalMinutes, cancellationToken);
        }

        var window = Window(monitor.Window, now);
        var tested = monitor.Features.Count > 0 ? [.. monitor.Features.Select(f => profile.Find(f)).OfType<ColumnProfile>()] : profile.Columns;
        var current = await predictions.ReadFeaturesAsync(monitor.Model, window, [.. tested.Select(c => new FeatureRequest(c.Name, Kind(c.Kind)))], cancellationToken);
        // Sorting a million values per column is CPU work: keep it off the caller's thread.
        var result = await Task.Run(() => DatasetDrift.Run(profile, [.. current.Columns.Select(ToData)], monitor.RunOptions()), cancellationToken);
        run.WindowFromMs = current.Count > 0 ? current.TimestampsMs[0] : window.From?.ToUnixTimeMilliseconds();
        run.WindowToMs = current.Count > 0 ? current.TimestampsMs[^1] : window.To?.ToUnixTimeMilliseconds();
        run.Rows = current.Count;
        run.Share = result.DriftedShare;
        run.DatasetDrift = result.DatasetDrifted;
        run.Tested = result.TestedColumns;
        run.Drifted = result.DriftedColumns;
        run.Columns = JsonSerializer.Serialize(result.Columns, DriftStore.Json);
        var view = await store.AddRunAsync(monitorId, run, monitor.IntervalMinutes, cancellationToken);
        await WriteMetricsAsync(monitor, result, now, cancellationToken);
        return view;
    }

    /// <summary>Reference against the monitor's current window for one feature, for the overlay chart.</summary>
    public async Task<Overlay?> OverlayAsync(int monitorId, string feature, CancellationToken cancellationToken = default)
    {
        if (await store.GetMonitorAsync(monitorId, cancellationToken) is not { Monitor: var monitor }) return null;
        if (await store.ProfileAsync(monitor.ReferenceId, cancellationToken) is not { } profile || profile.Find(feature) is not { } column) return null;
        var current = await predictions.ReadFeaturesAsync(monitor.Model, Window(monitor.Window, clock.GetUtcNow()), [new FeatureRequest(feature, Kind(column.Kind))], cancellationToken);
        var data = current.Columns[0];
        return column.Kind == ColumnKind.Numeric
            ? new Overlay(feature, column.Kind, DriftCharts.Numeric(column.Numeric!, data.Numeric ?? []), null, current.Count)
            : new Overlay(feature, column.Kind, null, DriftCharts.Categorical(column.Categorical!, data.Categorical ?? []), current.Count);
    }

    private async Task WriteMetricsAsync(DriftMonitor monitor, DatasetDriftResult result, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var samples = DriftMetricKeys.Samples(monitor.Id, result, at);
        var systemId = (await models.GetAsync(monitor.Model, cancellationToken))?.SystemId;
        var definitions = samples.Select(s => s.Metric).Distinct().ToDictionary(k => k, k => new DefinitionTemplate(
            DisplayName(monitor, k), MetricCategory.Input, k.EndsWith(".score", StringComparison.Ordinal) ? "" : k.EndsWith(".share", StringComparison.Ordinal) ? "share" : "0/1",
            $"Written by drift monitor '{monitor.Name}' (model {monitor.Model}) at each run.", systemId));
        // A full queue only delays the metrics; the run itself is stored. The next run writes again.
        await writer.WriteDerivedAsync(new PreparedBatch(samples) { Definitions = definitions });
    }

    private static string DisplayName(DriftMonitor monitor, string key)
    {
        if (key == DriftMetricKeys.Share(monitor.Id)) return $"{monitor.Name}: drifted share";
        if (key == DriftMetricKeys.DatasetDrift(monitor.Id)) return $"{monitor.Name}: dataset drift";
        var parts = key.Split('.');
        return $"{monitor.Name}: {parts[^2]} {(parts[^1] == "score" ? "drift score" : "drifted")}";
    }

    private static PredictionWindow Window(DriftWindow window, DateTimeOffset now) =>
        window.LastPredictions is { } n ? PredictionWindow.Latest(n, now) : PredictionWindow.Range(now.AddMinutes(-(window.Minutes ?? 60)), now);

    private static FeatureKind Kind(ColumnKind kind) => kind == ColumnKind.Numeric ? FeatureKind.Numeric : FeatureKind.Categorical;

    private static ColumnData ToData(FeatureColumn c) => c.Kind == FeatureKind.Numeric
        ? ColumnData.Numeric(c.Name, c.Numeric ?? [])
        : ColumnData.Categorical(c.Name, c.Categorical ?? []);
}
