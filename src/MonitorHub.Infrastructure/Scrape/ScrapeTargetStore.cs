using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MonitorHub.Core;
using MonitorHub.Core.Metrics;
using MonitorHub.Core.Metrics.Scrape;
using MonitorHub.Infrastructure.Persistence;
using MonitorHub.Infrastructure.Security;

namespace MonitorHub.Infrastructure.Scrape;

/// <summary>A target with what only the scraper may see: its bearer token, and the edit time that
/// tells the scraper to start its counters over.</summary>
public sealed record ScrapeJob(ScrapeTarget Target, string? BearerToken, long UpdatedAtMs);

/// <summary>
/// Scrape targets. Like a channel secret, a target's bearer token is accepted, stored and sent to the
/// target, and never returned: records carry only <see cref="ScrapeTarget.HasBearerToken"/>, and the
/// audit log gets the record, not the row.
/// </summary>
public sealed class ScrapeTargetStore(IDbContextFactory<MonitorHubDbContext> contexts, AuditLog audit, OutboundPolicy outbound, TimeProvider clock)
{
    private const string EntityType = "scrape-target";

    /// <summary>Raised after any change, including a finished scrape (pages refresh on it).</summary>
    public event Action? Changed;

    public async Task<IReadOnlyList<ScrapeTarget>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return [.. (await db.ScrapeTargets.AsNoTracking().OrderBy(t => t.Name).ToListAsync(cancellationToken)).Select(ToRecord)];
    }

    public async Task<ScrapeTarget?> GetAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ScrapeTargets.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, cancellationToken) is { } row ? ToRecord(row) : null;
    }

    /// <summary>Enabled targets, with their tokens, for the scraper.</summary>
    public async Task<IReadOnlyList<ScrapeJob>> JobsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.ScrapeTargets.AsNoTracking().Where(t => t.Enabled).ToListAsync(cancellationToken);
        return [.. rows.Select(r => new ScrapeJob(ToRecord(r), r.BearerToken, r.UpdatedAtMs))];
    }

    public async Task<StoreResult<ScrapeTarget>> CreateAsync(ScrapeTargetDraft draft, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        (var issues, draft) = await ValidateAsync(db, draft, cancellationToken);
        if (issues.Count > 0) return StoreResult<ScrapeTarget>.Invalid(issues);
        if (await NameTakenAsync(db, draft.Name!.Trim(), null, cancellationToken) is { } taken) return StoreResult<ScrapeTarget>.Conflict([taken]);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var row = new ScrapeTargetEntity { Name = "", Url = "", Allowlist = "[]", ExtraTags = "{}", CreatedAtMs = now };
        Apply(row, draft, now);
        db.ScrapeTargets.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        var target = ToRecord(row);
        await audit.RecordAsync(actor, "create", EntityType, Id(row), null, target, cancellationToken);
        Changed?.Invoke();
        return StoreResult<ScrapeTarget>.Ok(target);
    }

    /// <summary>Replaces a target; a null token keeps the stored one. Its status starts over.</summary>
    public async Task<StoreResult<ScrapeTarget>> UpdateAsync(int id, ScrapeTargetDraft draft, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.ScrapeTargets.SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (row is null) return StoreResult<ScrapeTarget>.NotFound();
        (var issues, draft) = await ValidateAsync(db, draft, cancellationToken);
        if (issues.Count > 0) return StoreResult<ScrapeTarget>.Invalid(issues);
        if (await NameTakenAsync(db, draft.Name!.Trim(), id, cancellationToken) is { } taken) return StoreResult<ScrapeTarget>.Conflict([taken]);
        var before = ToRecord(row);
        Apply(row, draft, clock.GetUtcNow().ToUnixTimeMilliseconds());
        row.Health = (int)ScrapeHealth.Unknown;
        row.LastError = null;
        var after = ToRecord(row);
        audit.Add(db, actor, "update", EntityType, Id(row), before, after);
        await db.SaveChangesAsync(cancellationToken);
        Changed?.Invoke();
        return StoreResult<ScrapeTarget>.Ok(after);
    }

    public async Task<bool> DeleteAsync(int id, string actor, CancellationToken cancellationToken = default)
    {
        var deleted = await contexts.DeleteAuditedAsync(audit, db => db.ScrapeTargets, id, actor, EntityType, row => ToRecord(row), cancellationToken);
        if (deleted) Changed?.Invoke();
        return deleted;
    }

    /// <summary>Records a finished scrape (the scraper's only write here), and a transition when the target
    /// went down or came back up.</summary>
    public async Task RecordAsync(int id, ScrapeStatus status, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var updated = await db.ScrapeTargets.Where(t => t.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(t => t.Health, (int)status.Health)
            .SetProperty(t => t.LastScrapeAtMs, status.LastScrapeAt.HasValue ? status.LastScrapeAt.Value.ToUnixTimeMilliseconds() : null)
            .SetProperty(t => t.LastError, status.LastError)
            .SetProperty(t => t.LastDurationSeconds, status.LastDurationSeconds)
            .SetProperty(t => t.LastSamples, status.LastSamples), cancellationToken);
        if (updated > 0) await RecordTransitionAsync(db, id, status, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        Changed?.Invoke();
    }

    /// <summary>
    /// Compares with the target's latest transition, not with its health column: an edit resets that to
    /// unknown, and a target that was down must still be seen coming back up. A target never recorded is
    /// taken as up, so its first good scrape is no event and its first failed one is. Recording the same
    /// status again adds nothing.
    /// </summary>
    private static async Task RecordTransitionAsync(MonitorHubDbContext db, int id, ScrapeStatus status, CancellationToken cancellationToken)
    {
        if (status.Health is not (ScrapeHealth.Up or ScrapeHealth.Down) || status.LastScrapeAt is not { } at) return;
        var up = status.Health == ScrapeHealth.Up;
        var wasUp = await db.ScrapeTransitions.Where(t => t.TargetId == id).OrderByDescending(t => t.AtMs).ThenByDescending(t => t.Id)
            .Select(t => (bool?)t.Up).FirstOrDefaultAsync(cancellationToken) ?? true;
        if (up == wasUp) return;
        db.ScrapeTransitions.Add(new ScrapeTransitionEntity { TargetId = id, AtMs = at.ToUnixTimeMilliseconds(), Up = up, Error = up ? null : status.LastError });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <returns>The issues, and the draft with the component's system filled in when only a component was
    /// given (as a metric definition's is): scraped metrics are registered in both.</returns>
    private async Task<(List<ValidationIssue> Issues, ScrapeTargetDraft Draft)> ValidateAsync(MonitorHubDbContext db, ScrapeTargetDraft draft, CancellationToken cancellationToken)
    {
        var issues = ScrapeTargetValidation.Validate(draft);
        if (issues.All(i => i.Field != "url") && outbound.Check(new Uri(draft.Url!)) is { } refused) issues.Add(new(null, "url", refused));
        if (draft.ComponentId is { } componentId)
        {
            var component = await db.Components.AsNoTracking().SingleOrDefaultAsync(c => c.Id == componentId, cancellationToken);
            if (component is null) issues.Add(new(null, "componentId", "No such component."));
            else if (draft.SystemId is { } system && system != component.SystemId) issues.Add(new(null, "componentId", "The component belongs to another system."));
            else draft = draft with { SystemId = component.SystemId };
        }

        if (draft.SystemId is { } sid && !await db.Systems.AnyAsync(s => s.Id == sid, cancellationToken))
            issues.Add(new(null, "systemId", "No such system."));
        return (issues, draft);
    }

    private static async Task<ValidationIssue?> NameTakenAsync(MonitorHubDbContext db, string name, int? except, CancellationToken cancellationToken) =>
        await db.ScrapeTargets.AnyAsync(t => t.Name == name && t.Id != except, cancellationToken)
            ? new ValidationIssue(null, "name", $"A target named '{name}' exists already.")
            : null;

    private static void Apply(ScrapeTargetEntity row, ScrapeTargetDraft draft, long now)
    {
        var (interval, timeout) = ScrapeTargetValidation.Timing(draft);
        row.Name = draft.Name!.Trim();
        row.Url = draft.Url!.Trim();
        row.IntervalSeconds = interval;
        row.TimeoutSeconds = timeout;
        row.ComponentId = draft.ComponentId;
        row.SystemId = draft.SystemId;
        row.Allowlist = JsonSerializer.Serialize(draft.Allowlist ?? []);
        row.ExtraTags = JsonSerializer.Serialize(draft.ExtraTags ?? new Dictionary<string, string>());
        if (draft.BearerToken is { } token) row.BearerToken = token.Length == 0 ? null : token;
        row.Enabled = draft.Enabled ?? true;
        row.UpdatedAtMs = now;
    }

    private static ScrapeTarget ToRecord(ScrapeTargetEntity row) => new(
        row.Id, row.Name, row.Url, row.IntervalSeconds, row.TimeoutSeconds, row.SystemId, row.ComponentId,
        JsonSerializer.Deserialize<List<string>>(row.Allowlist) ?? [],
        JsonSerializer.Deserialize<Dictionary<string, string>>(row.ExtraTags) ?? [],
        row.BearerToken is not null, row.Enabled,
        new ScrapeStatus((ScrapeHealth)row.Health, row.LastScrapeAtMs is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null,
            row.LastError, row.LastDurationSeconds, row.LastSamples));

    private static string Id(ScrapeTargetEntity row) => row.Id.ToString(CultureInfo.InvariantCulture);
}
