using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using MonitorHub.Core.Deployments;
using MonitorHub.Core.FailureModes;
using MonitorHub.Core.Timeline;
using MonitorHub.Infrastructure.Persistence;
using Runs = MonitorHub.Infrastructure.Persistence.Tables.DriftRuns;

namespace MonitorHub.Infrastructure.Timeline;

// Deployment decisions, automation changes, drift verdict changes, detections and access changes.
internal static partial class TimelineSources
{
    private static ITimelineSource Deployments(MonitorHubDbContext db, TimelineScope scope)
    {
        var rows = from d in db.DeploymentDecisions.AsNoTracking()
                   join p in db.Deployments on d.DeploymentId equals p.Id
                   select new DecisionRow
                   {
                       Id = d.Id, DeploymentId = d.DeploymentId, AtMs = d.AtMs, FromState = d.FromState, ToState = d.ToState, Weight = d.Weight, Step = d.Step,
                       Actor = d.Actor, Reason = d.Reason, Model = p.Model, Baseline = p.Baseline, Candidate = p.Candidate,
                   };
        if (scope.Models is { } models)
        {
            var list = models.ToList();
            rows = rows.Where(r => list.Contains(r.Model));
        }

        return new TimelineSource<DecisionRow>(TimelineKinds.Deployment, rows, r => r.AtMs, r => r.Id, (page, _) =>
            Task.FromResult<IReadOnlyList<TimelineEvent>>([.. page.Select(r => new TimelineEvent(At(r.AtMs), TimelineKinds.Deployment, r.Id,
                $"{r.Model} {r.Baseline} → {r.Candidate}", r.Actor,
                $"{Name((DeploymentState)r.FromState)} → {Name((DeploymentState)r.ToState)}, {r.Weight} % (step {r.Step + 1})" + (r.Reason.Length > 0 ? $": {r.Reason}" : ""),
                TimelineLinks.Deployment(r.DeploymentId)))]));
    }

    private sealed class DecisionRow
    {
        public long Id { get; init; }
        public long DeploymentId { get; init; }
        public long AtMs { get; init; }
        public int FromState { get; init; }
        public int ToState { get; init; }
        public int Weight { get; init; }
        public int Step { get; init; }
        public string Actor { get; init; } = "";
        public string Reason { get; init; } = "";
        public string Model { get; init; } = "";
        public string Baseline { get; init; } = "";
        public string Candidate { get; init; } = "";
    }

    private static ITimelineSource AutomationChanges(MonitorHubDbContext db, TimelineScope scope)
    {
        var rows = from c in db.AutomationChanges.AsNoTracking()
                   join s in db.Systems on c.SystemId equals s.Id
                   select new AutomationRow { Id = c.Id, SystemId = c.SystemId, AtMs = c.AtMs, From = c.From, To = c.To, Actor = c.Actor, Reason = c.Reason, SystemName = s.Name };
        if (scope.AutomationSystems is { } systems)
        {
            var list = systems.ToList();
            rows = rows.Where(r => list.Contains(r.SystemId));
        }

        return new TimelineSource<AutomationRow>(TimelineKinds.Automation, rows, r => r.AtMs, r => r.Id, (page, _) =>
            Task.FromResult<IReadOnlyList<TimelineEvent>>([.. page.Select(r => new TimelineEvent(At(r.AtMs), TimelineKinds.Automation, r.Id, r.SystemName, r.Actor,
                $"Automation {Name((AutomationDegree)r.From)} → {Name((AutomationDegree)r.To)}" + (r.Reason.Length > 0 ? $": {r.Reason}" : ""),
                TimelineLinks.Checklist(r.SystemId)))]));
    }

    private sealed class AutomationRow
    {
        public long Id { get; init; }
        public int SystemId { get; init; }
        public long AtMs { get; init; }
        public int From { get; init; }
        public int To { get; init; }
        public string Actor { get; init; } = "";
        public string Reason { get; init; } = "";
        public string SystemName { get; init; } = "";
    }

    // A verdict change is a run whose dataset-drift verdict differs from the monitor's previous
    // successful run (or a first run that finds drift): LAG over the runs, which EF cannot express.
    // Written for both providers: quoted columns, an aliased subquery, and TRUE (PostgreSQL has no
    // boolean = integer; SQLite reads TRUE as 1).
    private const string DriftChangeSql =
        $"SELECT {Runs.Id}, {Runs.MonitorId}, {Runs.AtMs}, {Runs.DatasetDrift}, {Runs.Share}, " +
        $"{Runs.Drifted}, {Runs.Tested} FROM (SELECT {Runs.Id}, {Runs.MonitorId}, {Runs.AtMs}, {Runs.DatasetDrift}, {Runs.Share}, {Runs.Drifted}, {Runs.Tested}, " +
        $"LAG({Runs.DatasetDrift}) OVER (PARTITION BY {Runs.MonitorId} ORDER BY {Runs.AtMs}, {Runs.Id}) AS Previous FROM {Runs.Table} WHERE {Runs.Error} IS NULL) AS ordered " +
        $"WHERE (Previous IS NULL AND {Runs.DatasetDrift} = TRUE) OR Previous <> {Runs.DatasetDrift}";

    internal sealed class DriftChangeRow
    {
        public long Id { get; init; }
        public int MonitorId { get; init; }
        public long AtMs { get; init; }
        public bool DatasetDrift { get; init; }
        public double Share { get; init; }
        public int Drifted { get; init; }
        public int Tested { get; init; }
    }

    private static ITimelineSource DriftChanges(MonitorHubDbContext db, TimelineScope scope)
    {
        var rows = db.Database.SqlQueryRaw<DriftChangeRow>(DriftChangeSql);
        if (scope.MonitorIds is { } monitors)
        {
            var list = monitors.ToList();
            rows = rows.Where(r => list.Contains(r.MonitorId));
        }

        return new TimelineSource<DriftChangeRow>(TimelineKinds.Drift, rows, r => r.AtMs, r => r.Id, async (page, ct) =>
        {
            var ids = page.Select(r => r.MonitorId).Distinct().ToList();
            var monitorsById = await db.DriftMonitors.AsNoTracking().Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => new { m.Name, m.Model }, ct);
            return [.. page.Select(r =>
            {
                var monitor = monitorsById.GetValueOrDefault(r.MonitorId);
                var summary = r.DatasetDrift
                    ? $"Drift found: {r.Drifted} of {r.Tested} columns drifted (share {r.Share.ToString("0.##", CultureInfo.InvariantCulture)})"
                    : $"No drift any more: {r.Drifted} of {r.Tested} columns drifted";
                return new TimelineEvent(At(r.AtMs), TimelineKinds.Drift, r.Id, monitor is null ? $"monitor {r.MonitorId}" : $"{monitor.Model} · {monitor.Name}",
                    "drift monitor", summary, monitor is null ? "" : TimelineLinks.Model(monitor.Model));
            })];
        });
    }

    private static ITimelineSource Detections(MonitorHubDbContext db, TimelineScope scope)
    {
        var rows = db.DetectorEvents.AsNoTracking();
        if (scope.DetectorIds is { } detectors)
        {
            var list = detectors.ToList();
            rows = rows.Where(e => list.Contains(e.DetectorId));
        }

        return new TimelineSource<DetectorEventEntity>(TimelineKinds.Detector, rows, e => e.AtMs, e => e.Id, async (page, ct) =>
        {
            var ids = page.Select(e => e.DetectorId).Distinct().ToList();
            var definitions = await db.Detectors.AsNoTracking().Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Definition, ct);
            return [.. page.Select(e =>
            {
                var detector = definitions.TryGetValue(e.DetectorId, out var json)
                    ? System.Text.Json.JsonSerializer.Deserialize<Core.Drift.Streaming.DetectorDefinition>(json, StoredJson.Options)
                    : null;
                var link = detector?.Model is { } model ? TimelineLinks.Model(model) : detector?.Metric is { } metric ? TimelineLinks.Metric(metric) : "";
                return new TimelineEvent(At(e.AtMs), TimelineKinds.Detector, e.Id, detector?.Name ?? $"detector {e.DetectorId}", "detector",
                    $"{e.Kind} detected at {e.Value.ToString("G6", CultureInfo.InvariantCulture)}", link);
            })];
        });
    }

    /// <summary>The audit log's entity types that are access and privacy changes.</summary>
    private static readonly List<string> AccessTypes = ["user", "api-key", "sensitive-fields"];

    private static ITimelineSource AccessChanges(MonitorHubDbContext db, TimelineScope scope)
    {
        var types = AccessTypes;
        var rows = db.AuditEntries.AsNoTracking().Where(a => types.Contains(a.EntityType));
        if (scope.PrivacySystems is { } systems)
        {
            // Scoped reads keep only the privacy settings of the system: users and keys belong to no system.
            var list = systems.ToList();
            rows = rows.Where(a => a.EntityType == "sensitive-fields" && list.Contains(a.EntityId));
        }

        return new TimelineSource<AuditEntryEntity>(TimelineKinds.Access, rows, a => a.AtMs, a => a.Id, (page, _) =>
            Task.FromResult<IReadOnlyList<TimelineEvent>>([.. page.Select(a => a.EntityType switch
            {
                "user" => new TimelineEvent(At(a.AtMs), TimelineKinds.Access, a.Id, $"user {a.EntityId}", a.Actor, $"User {a.Action}d", TimelineLinks.Users),
                "api-key" => new TimelineEvent(At(a.AtMs), TimelineKinds.Access, a.Id, $"key {a.EntityId}", a.Actor, $"API key {a.Action}d", TimelineLinks.Keys),
                _ => new TimelineEvent(At(a.AtMs), TimelineKinds.Access, a.Id, $"system {a.EntityId}", a.Actor, "Privacy (sensitive fields) updated", TimelineLinks.Privacy(a.EntityId)),
            })]));
    }

    private static string Name<TEnum>(TEnum value) where TEnum : struct, Enum =>
        System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}
