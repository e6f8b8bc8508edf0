using Microsoft.EntityFrameworkCore;
using MonitorHub.Infrastructure.Observability;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using MonitorHub.Core.Alarms;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Incidents;
using MonitorHub.Infrastructure.Persistence;
using MonitorHub.Infrastructure.Query;
using RuleEvaluations = MonitorHub.Infrastructure.Persistence.Tables.RuleEvaluations;

namespace MonitorHub.Infrastructure.Alarms;

/// <summary>
/// Evaluates rules in batches: one raw read per metric serves every rule on it, open alarms and
/// recent transitions are loaded in one query each, the pure state machine runs in memory, and
/// everything is written back in one transaction. Evaluations never overlap, and evaluating again
/// at the same instant changes nothing.
/// </summary>
public sealed partial class RuleEvaluationService(
    IDbContextFactory<MonitorHubDbContext> contexts, SeriesQueryService queries, AlarmFeed feed, IncidentTracker incidents, TimeProvider clock,
    ILogger<RuleEvaluationService> logger, ServiceMetrics metrics)
{
    public const string Evaluator = "evaluator";
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly RuleDefinitionCache _definitions = new();

    /// <summary>Evaluates every enabled rule whose interval has elapsed; returns how many ran.</summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            using var timer = metrics.RuleEvaluationSeconds.Time();
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
            var rows = await db.AlarmRules.AsNoTracking().Where(r => r.Enabled).ToListAsync(cancellationToken);
            _definitions.Retain(rows);
            var due = rows.Select(r => (Row: r, Rule: _definitions.ToRule(r)))
                .Where(r => IsDue(r.Row.LastEvaluatedAtMs, now, r.Rule.EvaluationIntervalSeconds)).ToList();
            metrics.RuleEvaluationLagSeconds.Set(due.Count == 0 ? 0 : due.Max(r => LagMs(r.Row.LastEvaluatedAtMs, now, r.Rule.EvaluationIntervalSeconds)) / 1000.0);
            await EvaluateAsync(db, due, cancellationToken);
            return due.Count;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// A rule is due once per slot of its interval (slots aligned to the epoch), not "interval since
    /// the last run": the runner starts on a 10-second tick with a scheduling delay that varies, and
    /// comparing elapsed time made a run that started late followed by one that started early skip a
    /// whole tick (20 s between evaluations of a 10-second rule under load).
    /// </summary>
    internal static bool IsDue(long? lastEvaluatedAtMs, long nowMs, int intervalSeconds)
    {
        if (lastEvaluatedAtMs is not { } last) return true;
        var slot = intervalSeconds * 1000L;
        return UnixTime.FloorDiv(nowMs, slot) > UnixTime.FloorDiv(last, slot);
    }

    /// <summary>How long a due rule has been due: since the start of the first slot after its last
    /// evaluation (a rule never evaluated has just become due).</summary>
    internal static long LagMs(long? lastEvaluatedAtMs, long nowMs, int intervalSeconds)
    {
        if (lastEvaluatedAtMs is not { } last) return 0;
        var slot = intervalSeconds * 1000L;
        return Math.Max(0, nowMs - (UnixTime.FloorDiv(last, slot) + 1) * slot);
    }

    /// <summary>Evaluates one rule now (enabled or not); null when it does not exist.</summary>
    public async Task<IReadOnlyList<AlarmView>?> EvaluateAsync(int ruleId, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var row = await db.AlarmRules.AsNoTracking().SingleOrDefaultAsync(r => r.Id == ruleId, cancellationToken);
            return row is null ? null : await EvaluateAsync(db, [(row, AlarmStore.ToRule(row))], cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<IReadOnlyList<AlarmView>> EvaluateAsync(MonitorHubDbContext db, List<(AlarmRuleEntity Row, AlarmRule Rule)> rules, CancellationToken cancellationToken)
    {
        if (rules.Count == 0) return [];
        var now = clock.GetUtcNow();
        var nowMs = now.ToUnixTimeMilliseconds();
        var ids = rules.Select(r => r.Row.Id).ToList();
        // EF.Parameter: one JSON-array parameter (json_each) instead of EF 10's default of one SQL
        // parameter per id — with 10 000 rules, binding and planning 10 000 parameters took most of
        // a cycle (the open-alarm and recent-transition reads and the timestamp UPDATE: ~70 % of 1.1 s).
        var open = (await db.Alarms.Where(a => EF.Parameter(ids).Contains(a.RuleId) && a.ResolvedAtMs == null).ToListAsync(cancellationToken))
            .ToDictionary(a => (a.RuleId, a.TagsKey));
        var flapSince = nowMs - rules.Max(r => r.Rule.EvaluationIntervalSeconds) * 1000L * AlarmEvaluator.FlapWindowEvaluations;
        var recent = (await db.AlarmEvents.AsNoTracking()
                .Join(db.Alarms.AsNoTracking().Where(a => EF.Parameter(ids).Contains(a.RuleId)), e => e.AlarmId, a => a.Id, (e, a) => new { a.RuleId, a.TagsKey, e.AtMs, e.Kind })
                .Where(x => x.AtMs >= flapSince && x.Kind == "transition").ToListAsync(cancellationToken))
            .ToLookup(x => (x.RuleId, x.TagsKey), x => DateTimeOffset.FromUnixTimeMilliseconds(x.AtMs));

        var openByRule = open.Keys.ToLookup(k => k.RuleId, k => k.TagsKey);
        var evaluations = new List<(int RuleId, string TagsKey, double? Value)>(rules.Count);
        var changed = new List<(AlarmEntity Alarm, AlarmRule Rule, List<Transition> Transitions)>();
        foreach (var metricRules in rules.GroupBy(r => r.Rule.Metric))
        {
            var values = await WindowValuesAsync(metricRules.Key, [.. metricRules.Select(r => r.Rule)], now, cancellationToken);
            foreach (var (row, rule) in metricRules)
            {
                var mine = values[rule.Id];
                var keys = mine.Where(v => v.Value is not null).Select(v => v.Tags.Key)
                    .Concat(openByRule[rule.Id]).ToHashSet();
                if (keys.Count == 0 && rule.NoData is NoDataPolicy.Alerting or NoDataPolicy.NoData) keys.Add(TagSet.From(rule.Tags).Key);

                foreach (var key in keys)
                {
                    var value = mine.FirstOrDefault(v => v.Tags.Key == key).Value;
                    open.TryGetValue((rule.Id, key), out var alarm);
                    var result = AlarmEvaluator.Evaluate(rule, value, alarm is null ? null : AlarmStore.ToStatus(alarm), [.. recent[(rule.Id, key)]], now);
                    evaluations.Add((rule.Id, key, result.Value));
                    if (result.Status is null) continue;
                    if (alarm is null)
                    {
                        alarm = new AlarmEntity { RuleId = rule.Id, TagsKey = key };
                        db.Alarms.Add(alarm);
                    }

                    AlarmStore.Apply(alarm, result.Status, now);
                    if (alarm.Flapping != result.Flapping || result.Transitions.Count > 0) changed.Add((alarm, rule, [.. result.Transitions]));
                    alarm.Flapping = result.Flapping;
                }
            }
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken); // new alarms get their ids here
        // In the same transaction: an alarm never opens or resolves without its incident following.
        await incidents.SyncAsync(db, [.. changed.Where(c => c.Transitions.Count > 0).Select(c => (c.Alarm, c.Rule))], now, Evaluator, null, cancellationToken);
        foreach (var (alarm, _, transitions) in changed)
        {
            foreach (var t in transitions)
            {
                db.AlarmEvents.Add(new AlarmEventEntity
                {
                    AlarmId = alarm.Id, AtMs = nowMs, Kind = "transition", FromState = (int?)t.From, ToState = (int)t.To, Value = t.Value, Actor = Evaluator, Text = t.Reason,
                });
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        // The per-evaluation rows and the rules' timestamps are bulk writes: one prepared statement
        // and one UPDATE, rather than thousands of tracked entities.
        InsertEvaluations(db, evaluations, nowMs);
        await db.AlarmRules.Where(r => EF.Parameter(ids).Contains(r.Id)).ExecuteUpdateAsync(u => u.SetProperty(r => r.LastEvaluatedAtMs, nowMs), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        foreach (var (alarm, rule, transitions) in changed)
        {
            foreach (var t in transitions) LogTransition(alarm.Id, rule.Id, rule.Name, alarm.TagsKey, t.From, t.To, t.Value, t.Reason);
        }

        LogEvaluated(rules.Count, evaluations.Count, changed.Count, (clock.GetUtcNow() - now).TotalMilliseconds);
        var views = changed.Select(c => AlarmStore.ToView(c.Alarm, c.Rule)).ToList();
        feed.Publish(views);
        return views;
    }

    /// <summary>
    /// Window aggregate per rule and series. Rules on one metric with the same window share one read:
    /// a summary per series (whole minutes from rollups, ragged edges raw — exact for count, sum, min,
    /// max, mean and rate). Quantile rules read every raw value of the window so their quantiles are
    /// exact, except windows longer than the raw range, which take the sketches of the rollup path.
    /// </summary>
    private async Task<Dictionary<int, List<(TagSet Tags, double? Value)>>> WindowValuesAsync(
        string metric, List<AlarmRule> rules, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var result = new Dictionary<int, List<(TagSet, double?)>>();
        var quantileRules = rules.Where(r => r.WindowAggregation.IsQuantile()).ToList();
        var rawRules = quantileRules.Where(r => TimeSpan.FromSeconds(r.WindowSeconds) <= SeriesQueryPlan.RawRangeLimit).ToList();
        if (rawRules.Count > 0)
        {
            var series = await queries.RawWindowAsync(metric, now.AddSeconds(-rawRules.Max(r => r.WindowSeconds)), now, cancellationToken);
            var index = new SeriesTagIndex([.. series.Select(s => s.Tags)]);
            foreach (var rule in rawRules)
            {
                var fromMs = now.AddSeconds(-rule.WindowSeconds).ToUnixTimeMilliseconds();
                result[rule.Id] = [.. index.Matching(rule.Tags).Select(i =>
                {
                    var bucket = new BucketAccumulator(rule.WindowAggregation);
                    foreach (var (ts, v) in series[i].Samples)
                    {
                        if (ts >= fromMs) bucket.AddValue(v);
                    }

                    return (series[i].Tags, Value(rule, bucket));
                })];
            }
        }

        foreach (var window in rules.Except(quantileRules).GroupBy(r => r.WindowSeconds))
        {
            var summaries = await queries.WindowSummariesAsync(metric, now.AddSeconds(-window.Key), now, cancellationToken);
            var index = new SeriesTagIndex([.. summaries.Select(s => s.Tags)]);
            foreach (var rule in window)
            {
                result[rule.Id] = [.. index.Matching(rule.Tags).Select(i =>
                {
                    var (count, sum, min, max) = summaries[i].Summary;
                    var bucket = new BucketAccumulator(rule.WindowAggregation);
                    bucket.AddRollup(count, sum, min, max, sketch: null);
                    return (summaries[i].Tags, Value(rule, bucket));
                })];
            }
        }

        foreach (var rule in quantileRules.Except(rawRules))
        {
            var values = await queries.WindowAsync(metric, rule.Tags, now.AddSeconds(-rule.WindowSeconds), now, rule.WindowAggregation, cancellationToken);
            result[rule.Id] = [.. values.Select(v => (v.Tags, v.Value is { } x ? rule.FromWindowValue(x, rule.WindowSeconds) : (double?)null))];
        }

        return result;
    }

    private static double? Value(AlarmRule rule, BucketAccumulator bucket) =>
        bucket.Count == 0 ? null : rule.FromWindowValue(bucket.Result(), rule.WindowSeconds);

    private static void InsertEvaluations(MonitorHubDbContext db, List<(int RuleId, string TagsKey, double? Value)> rows, long atMs)
    {
        var connection = db.Database.GetDbConnection();
        using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        const string Sql = $"INSERT INTO {RuleEvaluations.Table} ({RuleEvaluations.RuleId}, {RuleEvaluations.TagsKey}, {RuleEvaluations.AtMs}, {RuleEvaluations.Value}) " +
                           "VALUES (@r, @k, @t, @v)";
        command.CommandText = Sql;
        // Typed, so a null value is a typed NULL on PostgreSQL too.
        var rule = command.Add("r", System.Data.DbType.Int32);
        var key = command.Add("k", System.Data.DbType.String);
        command.Add("t", System.Data.DbType.Int64).Value = atMs;
        var value = command.Add("v", System.Data.DbType.Double);
        foreach (var row in rows)
        {
            rule.Value = row.RuleId;
            key.Value = row.TagsKey;
            value.Value = row.Value is { } v ? v : DBNull.Value;
            command.ExecuteNonQuery();
        }
    }


    [LoggerMessage(EventId = 2001, Level = LogLevel.Debug, Message = "Evaluated {Rules} rule(s) over {Series} series in {Milliseconds:F0} ms; {Changed} alarm(s) changed")]
    private partial void LogEvaluated(int rules, int series, int changed, double milliseconds);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Alarm {AlarmId} of rule {RuleId} '{RuleName}' [{Series}]: {From} -> {To} at value {Value}: {Reason}")]
    private partial void LogTransition(long alarmId, int ruleId, string ruleName, string series, AlarmState? from, AlarmState to, double? value, string reason);
}
