using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using MonitorHub.Core.Alarms;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Persistence;
using MonitorHub.Infrastructure.Query;

namespace MonitorHub.Infrastructure.Alarms;

/// <summary>
/// Evaluates rules: reads each matching series' window aggregate, runs the pure state machine
/// against the open alarm, and stores alarms, timeline events and the evaluated value. A rule is
/// never evaluated twice at once, and evaluating again at the same instant changes nothing.
/// </summary>
public sealed class RuleEvaluationService(
    IDbContextFactory<MonitorHubDbContext> contexts, SeriesQueryService queries, AlarmFeed feed, TimeProvider clock)
{
    public const string Evaluator = "evaluator";
    private readonly ConcurrentDictionary<int, SemaphoreSlim> _locks = new();

    /// <summary>Evaluates every enabled rule whose interval has elapsed; returns how many ran.</summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        List<AlarmRuleEntity> rules;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            rules = await db.AlarmRules.AsNoTracking().Where(r => r.Enabled).ToListAsync(cancellationToken);
        }

        var due = rules.Where(r => r.LastEvaluatedAtMs is not { } last || now - last >= AlarmStore.ToRule(r).EvaluationIntervalSeconds * 1000L - 500).ToList();
        foreach (var rule in due) await EvaluateAsync(rule.Id, cancellationToken);
        return due.Count;
    }

    public async Task<IReadOnlyList<AlarmView>?> EvaluateAsync(int ruleId, CancellationToken cancellationToken = default)
    {
        var gate = _locks.GetOrAdd(ruleId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            return await EvaluateLockedAsync(ruleId, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<IReadOnlyList<AlarmView>?> EvaluateLockedAsync(int ruleId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ruleRow = await db.AlarmRules.SingleOrDefaultAsync(r => r.Id == ruleId, cancellationToken);
        if (ruleRow is null) return null;
        var rule = AlarmStore.ToRule(ruleRow);
        var now = clock.GetUtcNow();
        var nowMs = now.ToUnixTimeMilliseconds();

        var values = await WindowValuesAsync(rule, now, cancellationToken);
        var open = await db.Alarms.Where(a => a.RuleId == ruleId && a.ResolvedAtMs == null).ToListAsync(cancellationToken);
        var flapSince = nowMs - rule.EvaluationIntervalSeconds * 1000L * AlarmEvaluator.FlapWindowEvaluations;
        var recent = await db.AlarmEvents.AsNoTracking()
            .Join(db.Alarms.AsNoTracking().Where(a => a.RuleId == ruleId), e => e.AlarmId, a => a.Id, (e, a) => new { a.TagsKey, e.AtMs, e.Kind })
            .Where(x => x.AtMs >= flapSince && x.Kind == "transition").ToListAsync(cancellationToken);

        var keys = values.Where(v => v.Value is not null).Select(v => v.Tags.Key).Concat(open.Select(a => a.TagsKey)).ToHashSet();
        if (keys.Count == 0 && rule.NoData is NoDataPolicy.Alerting or NoDataPolicy.NoData) keys.Add(TagSet.From(rule.Tags).Key);

        var changed = new List<AlarmEntity>();
        foreach (var key in keys)
        {
            var value = values.FirstOrDefault(v => v.Tags.Key == key).Value;
            if (rule.Aggregation == "rate" && value is { } count) value = count / rule.WindowSeconds;
            var row = open.FirstOrDefault(a => a.TagsKey == key);
            var history = recent.Where(r => r.TagsKey == key).Select(r => DateTimeOffset.FromUnixTimeMilliseconds(r.AtMs)).ToList();
            var result = AlarmEvaluator.Evaluate(rule, value, row is null ? null : AlarmStore.ToStatus(row), history, now);
            db.RuleEvaluations.Add(new RuleEvaluationEntity { RuleId = ruleId, TagsKey = key, AtMs = nowMs, Value = result.Value });
            if (result.Status is null) continue;

            if (row is null)
            {
                row = new AlarmEntity { RuleId = ruleId, TagsKey = key };
                db.Alarms.Add(row);
            }

            AlarmStore.Apply(row, result.Status, now);
            var flapping = result.Flapping;
            if (row.Flapping != flapping || result.Transitions.Count > 0) changed.Add(row);
            row.Flapping = flapping;
            if (result.Transitions.Count > 0) await db.SaveChangesAsync(cancellationToken);
            foreach (var transition in result.Transitions)
            {
                db.AlarmEvents.Add(new AlarmEventEntity
                {
                    AlarmId = row.Id, AtMs = nowMs, Kind = "transition", FromState = (int?)transition.From, ToState = (int)transition.To,
                    Value = transition.Value, Actor = Evaluator, Text = transition.Reason,
                });
            }
        }

        ruleRow.LastEvaluatedAtMs = nowMs;
        await db.SaveChangesAsync(cancellationToken);
        var views = changed.Select(a => AlarmStore.ToView(a, rule)).ToList();
        feed.Publish(views);
        return views;
    }

    private async Task<IReadOnlyList<(TagSet Tags, double? Value)>> WindowValuesAsync(AlarmRule rule, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var aggregation = rule.Aggregation == "rate" ? Aggregation.Count
            : AggregationExtensions.TryParse(rule.Aggregation, out var parsed) ? parsed : Aggregation.Mean;
        return await queries.WindowAsync(rule.Metric, rule.Tags, now.AddSeconds(-rule.WindowSeconds), now, aggregation, cancellationToken);
    }
}
