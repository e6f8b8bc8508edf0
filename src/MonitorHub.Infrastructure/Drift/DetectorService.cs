using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MonitorHub.Core;
using MonitorHub.Core.Drift.Monitors;
using MonitorHub.Core.Drift.Streaming;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Ingestion;
using MonitorHub.Infrastructure.Observability;
using MonitorHub.Infrastructure.Persistence;
using MonitorHub.Infrastructure.Query;
using MonitorHub.Infrastructure.Security;

namespace MonitorHub.Infrastructure.Drift;

public sealed record DetectorView(DetectorDefinition Definition, long Processed, long Detections, DateTimeOffset? Cursor);

public sealed record DetectorEventView(long Id, int DetectorId, DateTimeOffset At, string Kind, double Value);

/// <summary>
/// Streaming detectors (Page–Hinkley, ADWIN, DDM) fed incrementally: each pass reads what arrived
/// after the detector's cursor, resumes the detector from its stored state, and stores the new
/// state, cursor and detections together. Detections are also written as a metric so a rule can alarm.
/// </summary>
public sealed class DetectorService(
    IDbContextFactory<MonitorHubDbContext> contexts, PredictionReader predictions, SeriesQueryService series, IngestionWriter writer, AuditLog audit, TimeProvider clock, ServiceMetrics metrics)
{
    /// <summary>At most this many values per detector and pass; the next pass continues.</summary>
    public const int BatchLimit = 200_000;

    public async Task<IReadOnlyList<DetectorView>> ListAsync(string? model = null, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Detectors.AsNoTracking().OrderBy(d => d.Name).ToListAsync(cancellationToken);
        return [.. rows.Select(ToView).Where(d => model is null || d.Definition.Model == model)];
    }

    /// <summary>Longest replay a new detector may start with.</summary>
    public static readonly TimeSpan MaxReplay = TimeSpan.FromDays(31);

    /// <param name="startFrom">Replay history from this time (at most 31 days back); null starts at creation.</param>
    public async Task<DetectorView?> GetAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Detectors.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
        return row is null ? null : ToView(row);
    }

    public async Task<StoreResult<DetectorView>> CreateAsync(DetectorDefinition definition, string actor, DateTimeOffset? startFrom = null, CancellationToken cancellationToken = default)
    {
        var issues = Detectors.Validate(definition);
        var now = clock.GetUtcNow();
        if (startFrom is { } start && (start > now || start < now - MaxReplay)) issues.Add(new(null, "startFrom", "Within the last 31 days, not in the future."));
        if (issues.Count > 0) return StoreResult<DetectorView>.Invalid(issues);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // By default a detector judges what happens from now on; a replay start lets it read the recent past first.
        var row = new DetectorEntity
        {
            Name = definition.Name.Trim(), Enabled = definition.Enabled, CursorMs = (startFrom ?? now).ToUnixTimeMilliseconds(),
            Definition = JsonSerializer.Serialize(definition with { Id = 0 }, DriftStore.Json),
        };
        db.Detectors.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        audit.Add(db, actor, "create", "detector", row.Id.ToString(CultureInfo.InvariantCulture), null, definition with { Id = row.Id });
        await db.SaveChangesAsync(cancellationToken);
        return StoreResult<DetectorView>.Ok(ToView(row));
    }

    public Task<bool> DeleteAsync(int id, string actor, CancellationToken cancellationToken = default) =>
        contexts.DeleteAuditedAsync(audit, db => db.Detectors, id, actor, "detector", row => ToView(row).Definition, cancellationToken);

    public async Task<IReadOnlyList<DetectorEventView>> EventsAsync(IReadOnlyList<int> detectorIds, DateTimeOffset from, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var since = from.ToUnixTimeMilliseconds();
        var rows = await db.DetectorEvents.AsNoTracking().Where(e => detectorIds.Contains(e.DetectorId) && e.AtMs >= since)
            .OrderBy(e => e.AtMs).Take(5000).ToListAsync(cancellationToken);
        return [.. rows.Select(e => new DetectorEventView(e.Id, e.DetectorId, DateTimeOffset.FromUnixTimeMilliseconds(e.AtMs), e.Kind, e.Value))];
    }

    /// <summary>Feeds every enabled detector what arrived since its cursor; returns the number of new signals.</summary>
    public async Task<int> RunAllAsync(CancellationToken cancellationToken = default)
    {
        using var timer = metrics.DetectorRunSeconds.Time();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ids = await db.Detectors.AsNoTracking().Where(d => d.Enabled).Select(d => d.Id).ToListAsync(cancellationToken);
        var total = 0;
        foreach (var id in ids) total += await RunAsync(id, cancellationToken);
        return total;
    }

    public async Task<int> RunAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Detectors.SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (row is null) return 0;
        var definition = ToView(row).Definition;
        var (values, cursorMs, cursorId) = await ReadAsync(definition, row.CursorMs, row.CursorId, cancellationToken);
        if (values.Count == 0)
        {
            // Rows that carried nothing to feed still move the cursor.
            (row.CursorMs, row.CursorId) = (cursorMs, cursorId);
            await db.SaveChangesAsync(cancellationToken);
            return 0;
        }

        var (state, signals) = Detectors.Feed(definition, row.State, values);
        (row.State, row.CursorMs, row.CursorId) = (state, cursorMs, cursorId);
        row.Processed += values.Count;
        row.Detections += signals.Count(s => s.Kind == "drift");
        db.DetectorEvents.AddRange(signals.Select(s => new DetectorEventEntity { DetectorId = id, AtMs = s.At.ToUnixTimeMilliseconds(), Kind = s.Kind, Value = s.Value }));
        await db.SaveChangesAsync(cancellationToken);
        if (signals.Count > 0) await WriteMetricsAsync(id, definition, signals, cancellationToken);
        return signals.Count;
    }

    private async Task<(List<(DateTimeOffset At, double Value)> Values, long CursorMs, long CursorId)> ReadAsync(
        DetectorDefinition d, long cursorMs, long cursorId, CancellationToken cancellationToken)
    {
        var values = new List<(DateTimeOffset, double)>();
        switch (d.Source)
        {
            case DetectorSource.Errors:
            {
                // Fed in label-arrival order (the stream DDM sees live), but a signal is stamped with the
                // prediction time of the outcome that raised it, so it lines up with performance over prediction time.
                var rows = await predictions.ErrorStreamAsync(d.Model!, cursorMs, cursorId, BatchLimit, cancellationToken);
                values.AddRange(rows.Where(r => r.Error is not null).Select(r => (DateTimeOffset.FromUnixTimeMilliseconds(r.TimestampMs), r.Error == true ? 1.0 : 0.0)));
                return rows.Count == 0 ? (values, cursorMs, cursorId) : (values, rows[^1].LabelledAtMs, rows[^1].Id);
            }

            case DetectorSource.Feature:
            {
                // Predictions arrive in time order per client; a late straggler older than the cursor is skipped.
                var now = clock.GetUtcNow();
                var columns = await predictions.ReadFeaturesAsync(d.Model!, PredictionWindow.Range(DateTimeOffset.FromUnixTimeMilliseconds(cursorMs + 1), now),
                    [new FeatureRequest(d.Feature!, FeatureKind.Numeric)], cancellationToken);
                var numbers = columns.Columns[0].Numeric ?? [];
                for (var i = 0; i < columns.Count && values.Count < BatchLimit; i++)
                {
                    if (numbers[i] is { } v && double.IsFinite(v)) values.Add((DateTimeOffset.FromUnixTimeMilliseconds(columns.TimestampsMs[i]), v));
                }

                return (values, columns.Count == 0 ? cursorMs : columns.TimestampsMs[^1], 0);
            }

            default:
            {
                var now = clock.GetUtcNow();
                var raw = await series.RawWindowAsync(d.Metric!, DateTimeOffset.FromUnixTimeMilliseconds(cursorMs + 1), now, cancellationToken);
                // Several series of one metric are one stream here, in time order.
                values.AddRange(raw.SelectMany(s => s.Samples).OrderBy(p => p.Ts).Take(BatchLimit).Select(p => (DateTimeOffset.FromUnixTimeMilliseconds(p.Ts), p.Value)));
                return (values, values.Count == 0 ? cursorMs : values[^1].Item1.ToUnixTimeMilliseconds(), 0);
            }
        }
    }

    private async Task WriteMetricsAsync(int id, DetectorDefinition d, IReadOnlyList<DetectorSignal> signals, CancellationToken cancellationToken)
    {
        var samples = signals.Select(s => new MetricSample(s.Kind == "drift" ? DriftMetricKeys.Detections(id) : DriftMetricKeys.Warnings(id), 1, s.At, TagSet.Empty)).ToList();
        var definitions = samples.Select(s => s.Metric).Distinct().ToDictionary(k => k, k => new DefinitionTemplate(
            $"{d.Name}: {(k.EndsWith("warnings", StringComparison.Ordinal) ? "warnings" : "detections")}", MetricCategory.Input, "count",
            $"One sample per {d.Kind} signal of detector '{d.Name}'.", null));
        await writer.WriteDerivedAsync(new PreparedBatch(samples) { Definitions = definitions });
    }

    private static DetectorView ToView(DetectorEntity row) => new(
        (JsonSerializer.Deserialize<DetectorDefinition>(row.Definition, DriftStore.Json) ?? new DetectorDefinition()) with { Id = row.Id, Name = row.Name, Enabled = row.Enabled },
        row.Processed, row.Detections, row.CursorMs > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(row.CursorMs) : null);
}
