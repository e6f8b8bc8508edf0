using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MonitorHub.Core;
using MonitorHub.Core.Drift;
using MonitorHub.Core.Drift.Monitors;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Persistence;
using MonitorHub.Infrastructure.Security;

namespace MonitorHub.Infrastructure.Drift;

public sealed record ReferenceView(int Id, string Model, string Name, string Kind, DateTimeOffset? From, DateTimeOffset? To, int Rows,
    IReadOnlyList<(string Name, ColumnKind Kind)> Columns, DateTimeOffset CreatedAt, string CreatedBy);

public sealed record DriftRunView(long Id, int MonitorId, DateTimeOffset At, DateTimeOffset? WindowFrom, DateTimeOffset? WindowTo, int Rows,
    double Share, bool DatasetDrift, int Tested, int Drifted, IReadOnlyList<ColumnDriftResult> Columns, string? Error);

public sealed record MonitorView(DriftMonitor Monitor, DateTimeOffset? LastRunAt, DateTimeOffset NextRunAt);

/// <summary>References (precomputed profiles), monitors and their stored runs.</summary>
public sealed class DriftStore(IDbContextFactory<MonitorHubDbContext> contexts, AuditLog audit, TimeProvider clock)
{
    /// <summary>A reference's profile may hold this many rows; more belongs in a sample.</summary>
    public const int MaxReferenceRows = 1_000_000;

    public static JsonSerializerOptions Json => StoredJson.Options;

    // Profiles never change once stored, so a run reuses the deserialized arrays.
    private readonly ConcurrentDictionary<int, ReferenceProfile> _profiles = new();

    public async Task<IReadOnlyList<ReferenceView>> ListReferencesAsync(string? model, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.DriftReferences.AsNoTracking();
        if (model is not null) query = query.Where(r => r.Model == model);
        var rows = await query.OrderByDescending(r => r.Id)
            .Select(r => new { r.Id, r.Model, r.Name, r.Kind, r.FromMs, r.ToMs, r.Rows, r.Columns, r.CreatedAtMs, r.CreatedBy })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new ReferenceView(r.Id, r.Model, r.Name, r.Kind, Time(r.FromMs), Time(r.ToMs), r.Rows,
            ParseColumns(r.Columns), DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedAtMs), r.CreatedBy))];
    }

    public async Task<ReferenceProfile?> ProfileAsync(int referenceId, CancellationToken cancellationToken = default)
    {
        if (_profiles.TryGetValue(referenceId, out var cached)) return cached;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var bytes = await db.DriftReferences.AsNoTracking().Where(r => r.Id == referenceId).Select(r => r.Profile).SingleOrDefaultAsync(cancellationToken);
        return bytes is null ? null : _profiles.GetOrAdd(referenceId, _ => ReferenceProfileSerializer.Deserialize(bytes));
    }

    public async Task<ReferenceView> AddReferenceAsync(
        string model, string name, string kind, DateTimeOffset? from, DateTimeOffset? to, int rows, ReferenceProfile profile, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var columns = profile.Columns.Select(c => new { name = c.Name, kind = c.Kind }).ToList();
        var row = new DriftReferenceEntity
        {
            Model = model, Name = name.Trim(), Kind = kind, FromMs = from?.ToUnixTimeMilliseconds(), ToMs = to?.ToUnixTimeMilliseconds(), Rows = rows,
            Columns = JsonSerializer.Serialize(columns, Json), Profile = ReferenceProfileSerializer.Serialize(profile),
            CreatedAtMs = clock.GetUtcNow().ToUnixTimeMilliseconds(), CreatedBy = actor,
        };
        db.DriftReferences.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        audit.Add(db, actor, "create", "driftReference", row.Id.ToString(CultureInfo.InvariantCulture), null, new { model, name, kind, from, to, rows, columns });
        await db.SaveChangesAsync(cancellationToken);
        _profiles[row.Id] = profile;
        return new ReferenceView(row.Id, model, row.Name, kind, from, to, rows, [.. profile.Columns.Select(c => (c.Name, c.Kind))],
            DateTimeOffset.FromUnixTimeMilliseconds(row.CreatedAtMs), actor);
    }

    public async Task<IReadOnlyList<MonitorView>> ListMonitorsAsync(string? model = null, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.DriftMonitors.AsNoTracking();
        if (model is not null) query = query.Where(m => m.Model == model);
        var rows = await query.OrderBy(m => m.Name).ToListAsync(cancellationToken);
        return [.. rows.Select(ToView)];
    }

    public async Task<MonitorView?> GetMonitorAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.DriftMonitors.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
        return row is null ? null : ToView(row);
    }

    /// <summary>Creates or replaces a monitor; the reference must belong to the same model and hold the chosen features.</summary>
    public async Task<StoreResult<DriftMonitor>> SaveMonitorAsync(int? id, DriftMonitor monitor, string actor, CancellationToken cancellationToken = default)
    {
        var issues = DriftMonitorValidation.Validate(monitor);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        DriftMonitorEntity? row = null;
        if (id is { } existing && (row = await db.DriftMonitors.SingleOrDefaultAsync(m => m.Id == existing, cancellationToken)) is null) return StoreResult<DriftMonitor>.NotFound();
        if (!issues.Any(i => i.Field == "referenceId"))
        {
            var reference = await db.DriftReferences.AsNoTracking().Where(r => r.Id == monitor.ReferenceId).Select(r => new { r.Model, r.Columns }).SingleOrDefaultAsync(cancellationToken);
            if (reference is null) issues.Add(new(null, "referenceId", "No such reference."));
            else if (reference.Model != monitor.Model) issues.Add(new(null, "referenceId", $"The reference belongs to model '{reference.Model}'."));
            else if (monitor.Features.FirstOrDefault(f => ParseColumns(reference.Columns).All(c => c.Name != f)) is { } missing)
                issues.Add(new(null, "features", $"The reference has no feature '{missing}'."));
        }

        if (issues.Count > 0) return StoreResult<DriftMonitor>.Invalid(issues);
        var before = row is null ? null : ToView(row).Monitor;
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (row is null)
        {
            row = new DriftMonitorEntity { Name = "", Model = "", Definition = "{}", NextRunAtMs = now };
            db.DriftMonitors.Add(row);
        }

        row.Name = monitor.Name.Trim();
        row.Model = monitor.Model;
        row.ReferenceId = monitor.ReferenceId;
        row.Enabled = monitor.Enabled;
        row.Definition = JsonSerializer.Serialize(monitor with { Id = 0, Name = row.Name }, Json);
        await db.SaveChangesAsync(cancellationToken);
        var saved = ToView(row).Monitor;
        audit.Add(db, actor, before is null ? "create" : "update", "driftMonitor", row.Id.ToString(CultureInfo.InvariantCulture), before, saved);
        await db.SaveChangesAsync(cancellationToken);
        return StoreResult<DriftMonitor>.Ok(saved);
    }

    public Task<bool> DeleteMonitorAsync(int id, string actor, CancellationToken cancellationToken = default) =>
        contexts.DeleteAuditedAsync(audit, db => db.DriftMonitors, id, actor, "driftMonitor", row => ToView(row).Monitor, cancellationToken);

    public async Task<IReadOnlyList<DriftRunView>> RunsAsync(int monitorId, int take = 200, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.DriftRuns.AsNoTracking().Where(r => r.MonitorId == monitorId).OrderByDescending(r => r.AtMs).Take(Math.Clamp(take, 1, 5000)).ToListAsync(cancellationToken);
        return [.. rows.Select(ToRun)];
    }

    public async Task<IReadOnlyList<int>> DueMonitorsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        return await db.DriftMonitors.AsNoTracking().Where(m => m.Enabled && m.NextRunAtMs <= now).Select(m => m.Id).ToListAsync(cancellationToken);
    }

    internal async Task<DriftRunView> AddRunAsync(int monitorId, DriftRunEntity run, int intervalMinutes, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.DriftRuns.Add(run);
        var monitor = await db.DriftMonitors.SingleAsync(m => m.Id == monitorId, cancellationToken);
        monitor.LastRunAtMs = run.AtMs;
        monitor.NextRunAtMs = run.AtMs + (intervalMinutes * 60_000L);
        await db.SaveChangesAsync(cancellationToken);
        return ToRun(run);
    }

    internal static DriftRunView ToRun(DriftRunEntity r) => new(
        r.Id, r.MonitorId, DateTimeOffset.FromUnixTimeMilliseconds(r.AtMs), Time(r.WindowFromMs), Time(r.WindowToMs), r.Rows, r.Share, r.DatasetDrift,
        r.Tested, r.Drifted, JsonSerializer.Deserialize<List<ColumnDriftResult>>(r.Columns, Json) ?? [], r.Error);

    private static MonitorView ToView(DriftMonitorEntity row) => new(
        (JsonSerializer.Deserialize<DriftMonitor>(row.Definition, Json) ?? new DriftMonitor()) with
        {
            Id = row.Id, Name = row.Name, Model = row.Model, ReferenceId = row.ReferenceId, Enabled = row.Enabled,
        },
        Time(row.LastRunAtMs), DateTimeOffset.FromUnixTimeMilliseconds(row.NextRunAtMs));

    private static IReadOnlyList<(string Name, ColumnKind Kind)> ParseColumns(string json) =>
        [.. (JsonSerializer.Deserialize<List<ColumnRef>>(json, Json) ?? []).Select(c => (c.Name, c.Kind))];

    private sealed record ColumnRef(string Name, ColumnKind Kind);

    private static DateTimeOffset? Time(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
}
