using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MonitorHub.Core;
using MonitorHub.Core.Alarms;
using MonitorHub.Core.FailureModes;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Alarms;
using MonitorHub.Infrastructure.Persistence;
using MonitorHub.Infrastructure.Security;

namespace MonitorHub.Infrastructure.FailureModes;

/// <summary>The failure-mode board, system checklists and the coverage view built from them.</summary>
public sealed class FailureModeStore(IDbContextFactory<MonitorHubDbContext> contexts, AuditLog audit, AlarmStore alarms, Automation.AutomationCache automation, TimeProvider clock)
{
    public static readonly TimeSpan CoveragePeriod = TimeSpan.FromDays(30);

    private static JsonSerializerOptions Json => StoredJson.Options;

    /// <summary>Raised after a change so an open board refreshes.</summary>
    public event Action? Changed;

    public async Task<IReadOnlyList<FailureMode>> ListAsync(int? systemId = null, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.FailureModes.AsNoTracking();
        if (systemId is { } sid) query = query.Where(f => f.SystemId == sid);
        var rows = await query.OrderByDescending(f => f.Likelihood * f.Impact).ThenBy(f => f.Id).ToListAsync(cancellationToken);
        return [.. rows.Select(ToRecord)];
    }

    public async Task<FailureMode?> GetAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.FailureModes.AsNoTracking().SingleOrDefaultAsync(f => f.Id == id, cancellationToken);
        return row is null ? null : ToRecord(row);
    }

    /// <summary>Creates (<paramref name="id"/> null) or replaces a failure mode; links must point at existing things.</summary>
    public async Task<StoreResult<FailureMode>> SaveAsync(int? id, FailureModeDraft draft, string actor, CancellationToken cancellationToken = default)
    {
        var issues = FailureModeValidation.Validate(draft);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        FailureModeEntity? row = null;
        if (id is { } existing)
        {
            row = await db.FailureModes.SingleOrDefaultAsync(f => f.Id == existing, cancellationToken);
            if (row is null) return StoreResult<FailureMode>.NotFound();
        }

        await CheckLinksAsync(db, draft, issues, cancellationToken);
        if (issues.Count > 0) return StoreResult<FailureMode>.Invalid(issues);

        var before = row is null ? null : ToRecord(row);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (row is null)
        {
            row = new FailureModeEntity { Title = "", UpdatedBy = actor, CreatedAtMs = now };
            db.FailureModes.Add(row);
        }

        row.Title = draft.Title!.Trim();
        row.Description = draft.Description?.Trim() ?? "";
        row.SystemId = draft.SystemId;
        row.ComponentId = draft.ComponentId;
        row.Likelihood = draft.Likelihood!.Value;
        row.Impact = draft.Impact!.Value;
        row.Status = (int)(draft.Status is { } s ? FailureModeValidation.StatusNames[s] : FailureModeStatus.Brainstormed);
        row.MetricKeys = JsonSerializer.Serialize((draft.MetricKeys ?? []).Distinct(StringComparer.Ordinal).ToList());
        row.RuleIds = JsonSerializer.Serialize((draft.RuleIds ?? []).Distinct().ToList());
        row.Template = draft.Template ?? row.Template;
        row.UpdatedAtMs = now;
        row.UpdatedBy = actor;
        await db.SaveChangesAsync(cancellationToken);
        var saved = ToRecord(row);
        audit.Add(db, actor, before is null ? "create" : "update", "failureMode", row.Id.ToString(CultureInfo.InvariantCulture), before, saved);
        await db.SaveChangesAsync(cancellationToken);
        Changed?.Invoke();
        return StoreResult<FailureMode>.Ok(saved);
    }

    public async Task<bool> DeleteAsync(int id, string actor, CancellationToken cancellationToken = default)
    {
        if (!await contexts.DeleteAuditedAsync(audit, db => db.FailureModes, id, actor, "failureMode", ToRecord, cancellationToken)) return false;
        Changed?.Invoke();
        return true;
    }

    /// <summary>
    /// Saves a rule (new when <paramref name="ruleId"/> is null) and links it to a failure mode in one
    /// transaction, as "add a rule" from the board does: neither is stored without the other, and a
    /// failure mode that does not exist is reported as the field <c>failureModeId</c>.
    /// </summary>
    public async Task<StoreResult<AlarmRule>> SaveLinkedRuleAsync(
        int failureModeId, int? ruleId, AlarmRule rule, string actor, string? reason = null, CancellationToken cancellationToken = default)
    {
        var result = await alarms.SaveRuleAsync(ruleId, rule, actor, reason, async (db, saved) =>
        {
            var row = await db.FailureModes.SingleOrDefaultAsync(f => f.Id == failureModeId, cancellationToken);
            if (row is null) return [new ValidationIssue(null, "failureModeId", $"No failure mode {failureModeId}.")];
            var before = ToRecord(row);
            if (before.RuleIds.Contains(saved.Id)) return [];
            row.RuleIds = JsonSerializer.Serialize(before.RuleIds.Append(saved.Id).ToList());
            row.UpdatedAtMs = clock.GetUtcNow().ToUnixTimeMilliseconds();
            row.UpdatedBy = actor;
            audit.Add(db, actor, "update", "failureMode", row.Id.ToString(CultureInfo.InvariantCulture), before, ToRecord(row));
            await db.SaveChangesAsync(cancellationToken);
            return [];
        }, cancellationToken);
        if (result.IsOk) Changed?.Invoke();
        return result;
    }

    public async Task<CoverageReport> CoverageAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var modes = (await db.FailureModes.AsNoTracking().ToListAsync(cancellationToken)).Select(ToRecord).ToList();
        var metrics = await db.MetricDefinitions.AsNoTracking().OrderBy(d => d.Key).Select(d => new { d.Key, d.DisplayName }).ToListAsync(cancellationToken);
        var rules = await db.AlarmRules.AsNoTracking().Select(r => new { r.Id, r.Name, r.Metric }).ToListAsync(cancellationToken);
        var since = (clock.GetUtcNow() - CoveragePeriod).ToUnixTimeMilliseconds();
        // "Fired" means reached firing in the period, not merely went pending.
        var fired = await (from e in db.AlarmEvents.AsNoTracking()
                           join a in db.Alarms.AsNoTracking() on e.AlarmId equals a.Id
                           where e.AtMs >= since && e.ToState == (int)AlarmState.Firing
                           group e by a.RuleId into g
                           select new { g.Key, Count = g.Select(x => x.AlarmId).Distinct().Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var verdicts = await db.Alarms.AsNoTracking().Where(a => a.StartedAtMs >= since && a.Feedback != null).GroupBy(a => a.RuleId)
            .Select(g => new { g.Key, Total = g.Count(), Noise = g.Count(a => a.Feedback == (int)AlarmFeedback.Noise) })
            .ToDictionaryAsync(g => g.Key, cancellationToken);
        var ruleActivity = rules.Select(r => new RuleActivity(
            r.Id, r.Name, r.Metric, fired.GetValueOrDefault(r.Id),
            verdicts.TryGetValue(r.Id, out var v) ? v.Total : 0, verdicts.TryGetValue(r.Id, out var n) ? n.Noise : 0)).ToList();
        return Coverage.Compute(modes, [.. metrics.Select(m => (m.Key, m.DisplayName))], ruleActivity);
    }

    public async Task<SystemChecklist?> GetChecklistAsync(int systemId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.SystemChecklists.AsNoTracking().SingleOrDefaultAsync(c => c.SystemId == systemId, cancellationToken);
        return row is null ? null : JsonSerializer.Deserialize<SystemChecklist>(row.Definition, Json);
    }

    /// <summary>Stores a system's checklist; not found when the system does not exist.</summary>
    public async Task<StoreResult<SystemChecklist>> SaveChecklistAsync(int systemId, SystemChecklist checklist, string actor, CancellationToken cancellationToken = default)
    {
        var issues = SystemChecklists.Validate(checklist);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Systems.AnyAsync(s => s.Id == systemId, cancellationToken)) return StoreResult<SystemChecklist>.NotFound();
        if (issues.Count > 0) return StoreResult<SystemChecklist>.Invalid(issues);
        var row = await db.SystemChecklists.SingleOrDefaultAsync(c => c.SystemId == systemId, cancellationToken);
        var before = row is null ? null : JsonSerializer.Deserialize<SystemChecklist>(row.Definition, Json);
        if (row is null)
        {
            row = new SystemChecklistEntity { SystemId = systemId, Definition = "{}", UpdatedBy = actor };
            db.SystemChecklists.Add(row);
        }

        // τ is set through the automation endpoint; a checklist sent without it keeps the one stored.
        checklist = checklist with { AutomationThreshold = checklist.AutomationThreshold ?? before?.AutomationThreshold };
        row.Definition = JsonSerializer.Serialize(checklist, Json);
        row.UpdatedAtMs = clock.GetUtcNow().ToUnixTimeMilliseconds();
        row.UpdatedBy = actor;
        var from = before?.Automation ?? AutomationDegree.HumanOnly;
        if (before is null ? checklist.Automation != AutomationDegree.HumanOnly : from != checklist.Automation)
        {
            // The degree's history stays complete when it is edited with the rest of the checklist.
            db.AutomationChanges.Add(new AutomationChangeEntity
            {
                SystemId = systemId, AtMs = row.UpdatedAtMs, From = (int)from, To = (int)checklist.Automation, Actor = actor, Reason = "Set in the system checklist.",
            });
        }

        audit.Add(db, actor, before is null ? "create" : "update", "checklist", systemId.ToString(CultureInfo.InvariantCulture), before, checklist);
        await db.SaveChangesAsync(cancellationToken);
        automation.Invalidate();
        return StoreResult<SystemChecklist>.Ok(checklist);
    }

    private static async Task CheckLinksAsync(MonitorHubDbContext db, FailureModeDraft draft, List<ValidationIssue> issues, CancellationToken cancellationToken)
    {
        if (draft.SystemId is { } sid && !await db.Systems.AnyAsync(s => s.Id == sid, cancellationToken)) issues.Add(new(null, "systemId", "No such system."));
        if (draft.ComponentId is { } cid)
        {
            var component = await db.Components.AsNoTracking().SingleOrDefaultAsync(c => c.Id == cid, cancellationToken);
            if (component is null) issues.Add(new(null, "componentId", "No such component."));
            else if (draft.SystemId != component.SystemId) issues.Add(new(null, "componentId", "The component must belong to the failure mode's system."));
        }

        // Metric keys need not be in the catalogue yet: a failure mode may name a planned metric, which
        // coverage lists as "planned, not reporting" until its first sample arrives.
        if (!issues.Any(i => i.Field == "ruleIds") && draft.RuleIds is { Count: > 0 } ids)
        {
            var known = await db.AlarmRules.AsNoTracking().Where(r => ids.Contains(r.Id)).Select(r => r.Id).ToListAsync(cancellationToken);
            if (ids.Where(i => !known.Contains(i)).Select(i => (int?)i).FirstOrDefault() is { } missing) issues.Add(new(null, "ruleIds", $"No rule {missing}."));
        }
    }

    private static FailureMode ToRecord(FailureModeEntity row) => new(
        row.Id, row.Title, row.Description, row.SystemId, row.ComponentId, row.Likelihood, row.Impact, (FailureModeStatus)row.Status,
        JsonSerializer.Deserialize<List<string>>(row.MetricKeys) ?? [], JsonSerializer.Deserialize<List<int>>(row.RuleIds) ?? [], row.Template,
        DateTimeOffset.FromUnixTimeMilliseconds(row.UpdatedAtMs), row.UpdatedBy);
}
