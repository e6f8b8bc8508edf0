using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using MonitorHub.Core.Timeline;
using MonitorHub.Infrastructure.Timeline;

namespace MonitorHub.Benchmarks;

/// <summary>
/// The merged history over 30 days holding 1 million events spread over its sources as a busy
/// installation would (alarm events most, then notifications, versions, decisions, audit, detections),
/// five systems of two components: the first page unfiltered, a system-and-kind filtered page, the
/// same filtered page deep in the range (by cursor), a component page and a model page.
/// </summary>
internal static class EventsBenchmark
{
    private const int Runs = 31;
    private const int Systems = 5;
    private const int MetricsPerComponent = 20;
    private const int RulesPerMetric = 2;

    public static async Task<string> RunAsync(string[] args)
    {
        var total = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        using var store = new BenchStore();
        var to = DateTimeOffset.UtcNow;
        var from = to - TimeSpan.FromDays(30);
        var load = Stopwatch.StartNew();
        var counts = Load(store, from, to, total);
        load.Stop();

        var timeline = store.Services.GetRequiredService<TimelineService>();
        var alarmsAndChanges = new HashSet<string> { TimelineKinds.Alarm, TimelineKinds.Rule, TimelineKinds.Deployment, TimelineKinds.Notification };
        var unfiltered = new TimelineQuery(from, to, Limit: 100);
        var filtered = new TimelineQuery(from, to, SystemId: 2, Kinds: alarmsAndChanges, Limit: 100);

        var events = 0;
        var unfilteredMs = await TimeAsync(async () => events += (await timeline.PageAsync(unfiltered)).Value!.Events.Count);
        var filteredMs = await TimeAsync(async () => events += (await timeline.PageAsync(filtered)).Value!.Events.Count);
        // Half-way back through the range: the cursor of the page at the middle.
        var middle = (await timeline.PageAsync(filtered with { To = from + TimeSpan.FromDays(15) })).Value!;
        var deepMs = await TimeAsync(async () => events += (await timeline.PageAsync(filtered with { Cursor = middle.Next })).Value!.Events.Count);
        var componentMs = await TimeAsync(async () => events += (await timeline.PageAsync(new TimelineQuery(from, to, ComponentId: 3, Limit: 100))).Value!.Events.Count);
        var modelMs = await TimeAsync(async () => events += (await timeline.PageAsync(new TimelineQuery(from, to, Model: "model-1", Limit: 100))).Value!.Events.Count);
        var sparkMs = await TimeAsync(async () => events += (await timeline.CountsAsync(filtered with { From = to - TimeSpan.FromDays(1) }, 48)).Value!.Counts.Count, runs: 7);

        return string.Create(CultureInfo.InvariantCulture,
            $"events total={counts} load_s={load.Elapsed.TotalSeconds:F1} unfiltered_page_ms_p50={unfilteredMs:F1} filtered_page_ms_p50={filteredMs:F1} " +
            $"filtered_deep_page_ms_p50={deepMs:F1} component_page_ms_p50={componentMs:F1} model_page_ms_p50={modelMs:F1} sparkline_24h_ms_p50={sparkMs:F1} " +
            $"goal_ms=100 met={(filteredMs < 100 && deepMs < 100 ? "yes" : "no")} rows_read={events}");
    }

    private static async Task<double> TimeAsync(Func<Task> run, int runs = Runs)
    {
        await run();
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            await run();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return times[times.Count / 2];
    }

    /// <summary>Catalogue rows by EF's model, events by prepared inserts in one transaction (the fast way to a million rows).</summary>
    private static long Load(BenchStore store, DateTimeOffset from, DateTimeOffset to, int total)
    {
        using var connection = new SqliteConnection(store.Paths.ConnectionString);
        connection.Open();
        using var tx = connection.BeginTransaction();
        void Exec(string sql, params object[] values)
        {
            using var command = connection.CreateCommand();
            command.Transaction = tx;
            command.CommandText = sql;
            for (var i = 0; i < values.Length; i++) command.Parameters.AddWithValue("$" + i.ToString(CultureInfo.InvariantCulture), values[i]);
            command.ExecuteNonQuery();
        }

        var rules = new List<int>();
        var metrics = new List<string>();
        var component = 0;
        for (var s = 1; s <= Systems; s++)
        {
            Exec("INSERT INTO systems (Id, Name, Description) VALUES ($0, $1, '')", s, $"System {s}");
            Exec("INSERT INTO models (Name, SystemId, SamplingRate, RetentionDays, CreatedAtMs) VALUES ($0, $1, 1.0, 30, 0)", $"model-{s}", s);
            Exec("INSERT INTO model_versions (Model, Version, Description, CreatedBy, CreatedAtMs) VALUES ($0, 'v1', '', 'bench', 0)", $"model-{s}");
            for (var c = 0; c < 2; c++)
            {
                component++;
                Exec("INSERT INTO components (Id, SystemId, Name, Description, Position) VALUES ($0, $1, $2, '', $3)", component, s, $"C{component}", c);
                for (var m = 0; m < MetricsPerComponent; m++)
                {
                    var key = $"bench.s{s}.c{component}.m{m}";
                    metrics.Add(key);
                    Exec("INSERT INTO metric_definitions (Key, DisplayName, Category, Unit, Description, SystemId, ComponentId, OwnerTeam, CreatedAtMs, UpdatedAtMs) VALUES ($0, $0, 0, '', '', $1, $2, '', 0, 0)", key, s, component);
                    for (var r = 0; r < RulesPerMetric; r++)
                    {
                        rules.Add(rules.Count + 1);
                        var definition = $$"""{"name":"{{key}} r{{r}}","metric":"{{key}}","threshold":1}""";
                        Exec("INSERT INTO alarm_rules (Id, Definition, Name, Metric, Enabled, CreatedAtMs, UpdatedAtMs) VALUES ($0, $1, $2, $3, 1, 0, 0)", rules.Count, definition, key + " r" + r, key);
                    }
                }
            }
        }

        Exec("INSERT INTO channels (Id, Name, Kind, Url, Secret, Enabled) VALUES (1, 'ops', 0, 'http://127.0.0.1:9/x', '', 1)");
        for (var d = 1; d <= 100; d++)
        {
            Exec("INSERT INTO deployments (Id, Model, Strategy, Baseline, Candidate, Definition, Salt, State, Weight, CurrentStep, StepStartedAtMs, StepRuns, Failures, Inconclusives, ConsecutiveErrors, CreatedBy, CreatedAtMs, UpdatedAtMs) " +
                 "VALUES ($0, $1, 1, 'v1', 'v2', '{}', 0, 1, 10, 0, 0, 0, 0, 0, 0, 'bench', 0, 0)", d, $"model-{d % Systems + 1}");
        }

        // Shares of the million: alarm events 60 %, notifications 20 %, versions 5 %, decisions 5 %, access 5 %, detections 4 %, silences and automation 0.5 % each.
        var span = to.ToUnixTimeMilliseconds() - from.ToUnixTimeMilliseconds();
        var random = new Random(14);
        long At() => from.ToUnixTimeMilliseconds() + (long)(random.NextDouble() * span);
        var alarmEvents = total * 60 / 100;
        var alarms = alarmEvents / 30;
        Insert(connection, tx, "INSERT INTO alarms (Id, RuleId, TagsKey, State, StartedAtMs, Flapping) VALUES ($0, $1, '', 3, 0, 0)", alarms, i => [i + 1, rules[i % rules.Count]]);
        Insert(connection, tx, "INSERT INTO alarm_events (AlarmId, AtMs, Kind, FromState, ToState, Actor, Text) VALUES ($0, $1, 'transition', 0, 1, 'evaluator', '')", alarmEvents, i => [i % alarms + 1, At()]);
        Insert(connection, tx, "INSERT INTO notifications (ChannelId, RuleId, DeliveryId, Payload, CreatedAtMs, Status, Attempts) VALUES (1, $0, '', '{}', $1, $2, 1)", total * 20 / 100,
            i => [rules[i % rules.Count], At(), i % 10 == 0 ? 3 : 1]);
        Insert(connection, tx, "INSERT INTO versions (EntityType, EntityKey, Version, Snapshot, AtMs, Author, Reason) VALUES ($0, $1, $2, '{}', $3, 'bench', 'tuning')", total * 5 / 100,
            i => i % 2 == 0 ? ["rule", rules[i / 2 % rules.Count].ToString(CultureInfo.InvariantCulture), i, At()] : ["metric", metrics[i / 2 % metrics.Count], i, At()]);
        Insert(connection, tx, "INSERT INTO deployment_decisions (DeploymentId, AtMs, FromState, ToState, Weight, Step, Actor, Reason) VALUES ($0, $1, 1, 1, 10, 0, 'controller', 'step')", total * 5 / 100,
            i => [i % 100 + 1, At()]);
        Insert(connection, tx, "INSERT INTO audit_entries (AtMs, Actor, Action, EntityType, EntityId) VALUES ($0, 'admin', 'update', $1, $2)", total * 5 / 100,
            i => [At(), i % 3 == 0 ? "user" : i % 3 == 1 ? "api-key" : "rule", "x"]);
        Exec("INSERT INTO detectors (Id, Name, Definition, Enabled, CursorMs, CursorId, Processed, Detections) VALUES (1, 'ph', '{\"name\":\"ph\",\"model\":\"model-1\"}', 1, 0, 0, 0, 0)");
        Insert(connection, tx, "INSERT INTO detector_events (DetectorId, AtMs, Kind, Value) VALUES (1, $0, 'drift', 1.5)", total * 4 / 100, _ => [At()]);
        Insert(connection, tx, "INSERT INTO silences (RuleId, TagsKey, StartsAtMs, EndsAtMs, Comment, CreatedBy) VALUES ($0, '', $1, $1 + 3600000, 'maintenance', 'oncall')", total / 200,
            i => [rules[i % rules.Count], At()]);
        Insert(connection, tx, "INSERT INTO automation_changes (SystemId, AtMs, \"From\", \"To\", Actor, Reason) VALUES ($0, $1, 0, 1, 'admin', 'raise')", total / 200, i => [i % Systems + 1, At()]);
        tx.Commit();
        using var analyze = connection.CreateCommand();
        analyze.CommandText = "PRAGMA optimize";
        analyze.ExecuteNonQuery();
        return alarmEvents + (total * 20 / 100) + (3 * (total * 5 / 100)) + (total * 4 / 100) + (2 * (total / 200));
    }

    private static void Insert(SqliteConnection connection, SqliteTransaction tx, string sql, int count, Func<int, object[]> values)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        var first = values(0);
        var parameters = first.Select((_, i) => command.Parameters.Add(new SqliteParameter("$" + i.ToString(CultureInfo.InvariantCulture), null))).ToArray();
        command.Prepare();
        for (var row = 0; row < count; row++)
        {
            var v = row == 0 ? first : values(row);
            for (var i = 0; i < parameters.Length; i++) parameters[i].Value = v[i];
            command.ExecuteNonQuery();
        }
    }
}
