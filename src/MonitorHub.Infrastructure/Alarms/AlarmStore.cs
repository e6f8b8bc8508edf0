using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MonitorHub.Core;
using MonitorHub.Core.Alarms;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Incidents;
using MonitorHub.Infrastructure.Persistence;
using MonitorHub.Infrastructure.Security;
using MonitorHub.Infrastructure.Versioning;

namespace MonitorHub.Infrastructure.Alarms;

/// <summary>Rules (versioned through the audit log), alarms and their timelines; every change is attributed.</summary>
public sealed class AlarmStore(IDbContextFactory<MonitorHubDbContext> contexts, AuditLog audit, AlarmFeed feed, IncidentTracker incidents, TimeProvider clock)
{
    public static JsonSerializerOptions Json => StoredJson.Options;

    public async Task<IReadOnlyList<RuleView>> ListRulesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.AlarmRules.AsNoTracking().OrderBy(r => r.Name).ToListAsync(cancellationToken);
        var open = await db.Alarms.AsNoTracking().Where(a => a.ResolvedAtMs == null).GroupBy(a => a.RuleId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var feedback = await db.Alarms.AsNoTracking().Where(a => a.Feedback != null).GroupBy(a => a.RuleId)
            .Select(g => new { g.Key, Total = g.Count(), Noise = g.Count(a => a.Feedback == (int)AlarmFeedback.Noise) })
            .ToDictionaryAsync(g => g.Key, g => (double)g.Noise / g.Total, cancellationToken);
        return [.. rows.Select(r => new RuleView(ToRule(r), Time(r.LastEvaluatedAtMs), open.GetValueOrDefault(r.Id), feedback.TryGetValue(r.Id, out var rate) ? rate : null))];
    }

    /// <summary>Share of on-call's verdicts on this rule's alarms that said "noise"; null before any verdict.</summary>
    public async Task<double?> NoiseRateAsync(int ruleId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var verdicts = await db.Alarms.AsNoTracking().Where(a => a.RuleId == ruleId && a.Feedback != null)
            .GroupBy(a => a.RuleId).Select(g => new { Total = g.Count(), Noise = g.Count(a => a.Feedback == (int)AlarmFeedback.Noise) })
            .SingleOrDefaultAsync(cancellationToken);
        return verdicts is null ? null : (double)verdicts.Noise / verdicts.Total;
    }

    public async Task<AlarmRule?> GetRuleAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.AlarmRules.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        return row is null ? null : ToRule(row);
    }

    /// <summary>
    /// Creates or replaces a rule and records the new version with its author and reason (required
    /// for changes; creation defaults to "Created").
    /// </summary>
    public Task<StoreResult<AlarmRule>> SaveRuleAsync(int? id, AlarmRule rule, string actor, string? reason = null, CancellationToken cancellationToken = default) =>
        SaveRuleAsync(id, rule, actor, reason, alongside: null, cancellationToken);

    /// <param name="alongside">Runs in the rule's transaction once the rule has its id (linking it to
    /// a failure mode); issues it returns roll the whole save back.</param>
    internal async Task<StoreResult<AlarmRule>> SaveRuleAsync(
        int? id, AlarmRule rule, string actor, string? reason, Func<MonitorHubDbContext, AlarmRule, Task<List<ValidationIssue>>>? alongside,
        CancellationToken cancellationToken)
    {
        var issues = AlarmRuleValidation.Validate(rule);
        if (VersionStore.CheckReason(reason, required: id is not null) is { } reasonIssue) issues.Add(reasonIssue);
        if (issues.Count > 0) return StoreResult<AlarmRule>.Invalid(issues);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        AlarmRuleEntity row;
        AlarmRule? before = null;
        string? beforeSnapshot = null;
        if (id is { } existing)
        {
            var found = await db.AlarmRules.SingleOrDefaultAsync(r => r.Id == existing, cancellationToken);
            if (found is null) return StoreResult<AlarmRule>.NotFound();
            row = found;
            before = ToRule(row);
            beforeSnapshot = Snapshot(before);
        }
        else
        {
            row = new AlarmRuleEntity { Definition = "{}", Name = "", Metric = "", CreatedAtMs = now };
            db.AlarmRules.Add(row);
        }

        row.Name = rule.Name.Trim();
        row.Metric = rule.Metric;
        row.Enabled = rule.Enabled;
        row.UpdatedAtMs = now;
        row.Definition = JsonSerializer.Serialize(rule with { Id = 0, Name = row.Name }, Json);
        await db.SaveChangesAsync(cancellationToken);
        var saved = ToRule(row);
        var key = row.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await VersionStore.AddAsync(db, VersionStore.Rule, key, beforeSnapshot, Snapshot(saved), actor, reason ?? "Created", now, cancellationToken);
        audit.Add(db, actor, before is null ? "create" : "update", "rule", key, before, saved);
        await db.SaveChangesAsync(cancellationToken);
        if (alongside is not null && await alongside(db, saved) is { Count: > 0 } linkIssues) return StoreResult<AlarmRule>.Invalid(linkIssues);
        await transaction.CommitAsync(cancellationToken);
        return StoreResult<AlarmRule>.Ok(saved);
    }

    /// <summary>Restores version <paramref name="version"/> as a new version, so the rollback itself is in the history.</summary>
    public async Task<StoreResult<AlarmRule>> RollbackRuleAsync(int id, int version, string actor, string? reason, VersionStore versions, CancellationToken cancellationToken = default)
    {
        if (await GetRuleAsync(id, cancellationToken) is null) return StoreResult<AlarmRule>.NotFound();
        var snapshot = await versions.SnapshotAsync(VersionStore.Rule, id.ToString(System.Globalization.CultureInfo.InvariantCulture), version, cancellationToken);
        if (snapshot is null) return StoreResult<AlarmRule>.NotFound([new(null, "version", $"Rule {id} has no version {version}.")]);
        var rule = JsonSerializer.Deserialize<AlarmRule>(snapshot, Json)! with { Id = id };
        return await SaveRuleAsync(id, rule, actor, VersionStore.RollbackReason(version, reason), cancellationToken);
    }

    /// <summary>The versioned form of a rule: its definition without the database id.</summary>
    public static string Snapshot(AlarmRule rule) => JsonSerializer.Serialize(rule with { Id = 0 }, Json);

    public Task<bool> DeleteRuleAsync(int id, string actor, CancellationToken cancellationToken = default) =>
        contexts.DeleteAuditedAsync(audit, db => db.AlarmRules, id, actor, "rule", ToRule, cancellationToken);

    public async Task<IReadOnlyList<AlarmView>> ListAlarmsAsync(AlarmState? state, int? ruleId, bool openOnly, int take = 500, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Alarms.AsNoTracking();
        if (state is { } s) query = query.Where(a => a.State == (int)s);
        if (ruleId is { } r) query = query.Where(a => a.RuleId == r);
        if (openOnly) query = query.Where(a => a.ResolvedAtMs == null);
        var rows = await query.OrderByDescending(a => a.StartedAtMs).Take(Math.Clamp(take, 1, 5000)).ToListAsync(cancellationToken);
        var rules = await RulesByIdAsync(db, rows.Select(a => a.RuleId), cancellationToken);
        return [.. rows.Where(a => rules.ContainsKey(a.RuleId)).Select(a => ToView(a, rules[a.RuleId]))];
    }

    public async Task<AlarmDetail?> GetAlarmAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Alarms.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (row is null) return null;
        var rule = (await RulesByIdAsync(db, [row.RuleId], cancellationToken))[row.RuleId];
        var events = await db.AlarmEvents.AsNoTracking().Where(e => e.AlarmId == id).OrderBy(e => e.AtMs).ThenBy(e => e.Id).ToListAsync(cancellationToken);
        return new AlarmDetail(ToView(row, rule), rule, [.. events.Select(e => new AlarmEventView(
            DateTimeOffset.FromUnixTimeMilliseconds(e.AtMs), e.Kind, (AlarmState?)e.FromState, (AlarmState?)e.ToState, e.Value, e.Actor, e.Text))]);
    }

    /// <summary>Alarms that opened in [from, to), with their acknowledgement and resolution times.</summary>
    public async Task<IReadOnlyList<OnCallStats>> OnCallReportAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        long a = from.ToUnixTimeMilliseconds(), b = to.ToUnixTimeMilliseconds();
        var rows = await db.Alarms.AsNoTracking().Where(x => x.StartedAtMs >= a && x.StartedAtMs < b).ToListAsync(cancellationToken);
        var rules = await RulesByIdAsync(db, rows.Select(x => x.RuleId), cancellationToken);
        return OnCallReport.Compute(rows.Where(x => rules.ContainsKey(x.RuleId)).Select(x => new AlarmLifetime(
            x.RuleId, rules[x.RuleId].Name, DateTimeOffset.FromUnixTimeMilliseconds(x.StartedAtMs), Time(x.AcknowledgedAtMs), Time(x.ResolvedAtMs))));
    }

    /// <summary>What the evaluator saw for one series of a rule, for the alarm chart.</summary>
    public async Task<IReadOnlyList<SeriesPoint>> EvaluationsAsync(int ruleId, string tagsKey, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        long a = from.ToUnixTimeMilliseconds(), b = to.ToUnixTimeMilliseconds();
        var rows = await db.RuleEvaluations.AsNoTracking()
            .Where(e => e.RuleId == ruleId && e.TagsKey == tagsKey && e.AtMs >= a && e.AtMs <= b && e.Value != null)
            .OrderBy(e => e.AtMs).Take(5000).ToListAsync(cancellationToken);
        return [.. rows.Select(e => new SeriesPoint(DateTimeOffset.FromUnixTimeMilliseconds(e.AtMs), e.Value!.Value))];
    }

    public async Task<StoreResult<AlarmView>> AcknowledgeAsync(long id, string? comment, int? expiresInMinutes, string actor, AlarmFeedback? feedback = null, CancellationToken cancellationToken = default) =>
        Single(await ActAsync([id], comment, actor, feedback, Acknowledging(expiresInMinutes), cancellationToken));

    public async Task<StoreResult<AlarmView>> ResolveAsync(long id, string? comment, string actor, AlarmFeedback? feedback = null, CancellationToken cancellationToken = default) =>
        Single(await ActAsync([id], comment, actor, feedback, Resolving, cancellationToken));

    /// <summary>Acknowledges several alarms with one comment in one transaction (an incident's alarms); all or none.</summary>
    public Task<StoreResult<IReadOnlyList<AlarmView>>> AcknowledgeManyAsync(IReadOnlyList<long> ids, string? comment, string actor, CancellationToken cancellationToken = default) =>
        ActAsync(ids, comment, actor, null, Acknowledging(null), cancellationToken);

    public Task<StoreResult<IReadOnlyList<AlarmView>>> ResolveManyAsync(IReadOnlyList<long> ids, string? comment, string actor, CancellationToken cancellationToken = default) =>
        ActAsync(ids, comment, actor, null, Resolving, cancellationToken);

    private static Func<AlarmRule, AlarmStatus, DateTimeOffset, (AlarmStatus?, Transition?, string?)> Acknowledging(int? expiresInMinutes) =>
        (rule, status, now) => AlarmEvaluator.Acknowledge(rule, status, expiresInMinutes, now);

    private static (AlarmStatus?, Transition?, string?) Resolving(AlarmRule _, AlarmStatus status, DateTimeOffset now) => AlarmEvaluator.Resolve(status, now);

    private static StoreResult<AlarmView> Single(StoreResult<IReadOnlyList<AlarmView>> result) =>
        result.IsOk ? StoreResult<AlarmView>.Ok(result.Value[0]) : new(result.Outcome, null, result.Issues);

    private async Task<StoreResult<IReadOnlyList<AlarmView>>> ActAsync(
        IReadOnlyList<long> ids, string? comment, string actor, AlarmFeedback? feedback, Func<AlarmRule, AlarmStatus, DateTimeOffset, (AlarmStatus? Status, Transition? Transition, string? Error)> act,
        CancellationToken cancellationToken)
    {
        if (comment is { Length: > 2000 }) return StoreResult<IReadOnlyList<AlarmView>>.Invalid([new(null, "comment", "At most 2000 characters.")]);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Alarms.Where(a => ids.Contains(a.Id)).OrderBy(a => a.Id).ToListAsync(cancellationToken);
        if (rows.Count == 0) return StoreResult<IReadOnlyList<AlarmView>>.NotFound();
        var rules = await RulesByIdAsync(db, rows.Select(r => r.RuleId), cancellationToken);
        var now = clock.GetUtcNow();
        foreach (var row in rows)
        {
            var rule = rules[row.RuleId];
            var (status, transition, error) = act(rule, ToStatus(row), now);
            if (error is not null) return StoreResult<IReadOnlyList<AlarmView>>.Conflict([new(null, "state", rows.Count == 1 ? error : $"Alarm {row.Id}: {error}")]);

            Apply(row, status!, now);
            if (feedback is { } verdict) row.Feedback = (int)verdict;
            if (status!.State == AlarmState.Acknowledged)
            {
                row.AcknowledgedAtMs = now.ToUnixTimeMilliseconds();
                row.AcknowledgedBy = actor;
            }

            db.AlarmEvents.Add(new AlarmEventEntity
            {
                AlarmId = row.Id, AtMs = now.ToUnixTimeMilliseconds(), Kind = transition!.To == AlarmState.Acknowledged ? "acknowledged" : "resolved",
                FromState = (int?)transition.From, ToState = (int)transition.To, Value = transition.Value, Actor = actor,
                Text = (comment?.Trim() ?? "") + (feedback is { } f ? $" [marked {f.ToString().ToLowerInvariant()}]" : ""),
            });
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await incidents.SyncAsync(db, [.. rows.Select(r => (r, rules[r.RuleId]))], now, actor, comment, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var views = rows.Select(r => ToView(r, rules[r.RuleId])).ToList();
        feed.Publish(views);
        return StoreResult<IReadOnlyList<AlarmView>>.Ok(views);
    }

    internal static void Apply(AlarmEntity row, AlarmStatus status, DateTimeOffset now)
    {
        row.State = (int)status.State;
        row.Value = status.LastValue;
        row.StartedAtMs = status.StartedAt.ToUnixTimeMilliseconds();
        row.FiringSinceMs = status.FiringSince?.ToUnixTimeMilliseconds();
        row.ClearingSinceMs = status.ClearingSince?.ToUnixTimeMilliseconds();
        row.AckUntilMs = status.AckUntil?.ToUnixTimeMilliseconds();
        if (status.State == AlarmState.Resolved) row.ResolvedAtMs ??= now.ToUnixTimeMilliseconds();
    }

    internal static AlarmStatus ToStatus(AlarmEntity a) => new(
        (AlarmState)a.State, DateTimeOffset.FromUnixTimeMilliseconds(a.StartedAtMs), Time(a.FiringSinceMs), Time(a.ClearingSinceMs), Time(a.AckUntilMs), a.Value);

    internal static AlarmView ToView(AlarmEntity a, AlarmRule rule) => new(
        a.Id, a.RuleId, rule.Name, rule.Metric, rule.Severity, (AlarmState)a.State, TagSet.Parse(a.TagsKey), a.Value,
        DateTimeOffset.FromUnixTimeMilliseconds(a.StartedAtMs), Time(a.FiringSinceMs), Time(a.AcknowledgedAtMs), a.AcknowledgedBy,
        Time(a.AckUntilMs), Time(a.ResolvedAtMs), a.Flapping);

    internal static AlarmRule ToRule(AlarmRuleEntity row) => ToRule(row, ParseDefinition(row.Definition));

    /// <summary>A row's rule from its already parsed <see cref="AlarmRuleEntity.Definition"/>.</summary>
    internal static AlarmRule ToRule(AlarmRuleEntity row, AlarmRule definition) =>
        definition with { Id = row.Id, Name = row.Name, Metric = row.Metric, Enabled = row.Enabled };

    internal static AlarmRule ParseDefinition(string definition) => JsonSerializer.Deserialize<AlarmRule>(definition, Json) ?? new AlarmRule();

    private static async Task<Dictionary<int, AlarmRule>> RulesByIdAsync(MonitorHubDbContext db, IEnumerable<int> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.Distinct().ToList();
        var rows = await db.AlarmRules.AsNoTracking().Where(r => wanted.Contains(r.Id)).ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.Id, ToRule);
    }

    private static DateTimeOffset? Time(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
}
