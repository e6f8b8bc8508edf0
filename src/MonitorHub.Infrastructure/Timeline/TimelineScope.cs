using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MonitorHub.Core.Alarms;
using MonitorHub.Core.Drift.Streaming;
using MonitorHub.Core.Metrics;
using MonitorHub.Core.Timeline;
using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Infrastructure.Timeline;

/// <summary>
/// What a scoped read (system, component, model) may show, as id sets each source filters on; a null
/// set means "everything" (an unscoped read). Each filter narrows: a component keeps what its metrics
/// touch, a model what names it (its deployments, monitors, detectors and rules tagged model=…).
/// </summary>
internal sealed record TimelineScope(
    IReadOnlySet<string>? MetricKeys,
    IReadOnlySet<int>? RuleIds,
    IReadOnlySet<string>? Models,
    IReadOnlySet<int>? AutomationSystems,
    IReadOnlySet<int>? MonitorIds,
    IReadOnlySet<int>? DetectorIds,
    IReadOnlySet<string>? PrivacySystems,
    IReadOnlySet<int>? JobIds = null,
    IReadOnlySet<int>? ScrapeTargetIds = null)
{
    public static readonly TimelineScope Everything = new(null, null, null, null, null, null, null);

    public bool IsEverything => MetricKeys is null && RuleIds is null && Models is null;

    /// <summary>The scope of <paramref name="query"/>, or the issues naming a filter that matches nothing stored.</summary>
    public static async Task<(TimelineScope? Scope, List<ValidationIssue> Issues)> ResolveAsync(
        MonitorHubDbContext db, TimelineQuery query, CancellationToken cancellationToken)
    {
        var issues = new List<ValidationIssue>();
        if (!query.IsScoped) return (Everything, issues);

        var systemId = query.SystemId;
        if (systemId is { } s && !await db.Systems.AnyAsync(x => x.Id == s, cancellationToken)) issues.Add(new(null, "system", $"No system {s}."));
        if (query.ComponentId is { } c)
        {
            var owner = await db.Components.Where(x => x.Id == c).Select(x => (int?)x.SystemId).SingleOrDefaultAsync(cancellationToken);
            if (owner is null) issues.Add(new(null, "component", $"No component {c}."));
            else if (systemId is not null && owner != systemId) issues.Add(new(null, "component", $"Component {c} is not part of system {systemId}."));
            systemId ??= owner;
        }

        int? modelSystem = null;
        if (query.Model is { } model)
        {
            var row = await db.Models.AsNoTracking().Where(m => m.Name == model).Select(m => new { m.SystemId }).SingleOrDefaultAsync(cancellationToken);
            if (row is null) issues.Add(new(null, "model", $"No model '{model}'."));
            else if (systemId is not null && row.SystemId != systemId) issues.Add(new(null, "model", $"Model '{model}' is not part of system {systemId}."));
            modelSystem = row?.SystemId;
        }

        if (query.Metric is { } key)
        {
            var metricSystem = await db.MetricDefinitions.Where(d => d.Key == key).Select(d => new { d.SystemId }).SingleOrDefaultAsync(cancellationToken);
            if (metricSystem is null) issues.Add(new(null, "metric", $"No metric '{key}'."));
            else if (systemId is not null && metricSystem.SystemId != systemId) issues.Add(new(null, "metric", $"Metric '{key}' is not part of system {systemId}."));
            if (query.ComponentId is not null || query.Model is not null) issues.Add(new(null, "metric", "Combine a metric with a system only, not with a component or a model."));
        }

        if (issues.Count > 0) return (null, issues);
        if (query.Metric is { } only)
        {
            var rulesOn = await db.AlarmRules.AsNoTracking().Where(r => r.Metric == only).Select(r => r.Id).ToListAsync(cancellationToken);
            var watching = (await db.Detectors.AsNoTracking().Select(d => new { d.Id, d.Definition }).ToListAsync(cancellationToken))
                .Where(d => Watches(d.Definition, new HashSet<string>(), new HashSet<string> { only })).Select(d => d.Id);
            return (OfMetric(only, rulesOn, watching), issues);
        }

        var definitions = db.MetricDefinitions.AsNoTracking();
        if (systemId is { } sys) definitions = definitions.Where(d => d.SystemId == sys);
        if (query.ComponentId is { } comp) definitions = definitions.Where(d => d.ComponentId == comp);
        HashSet<string> metricKeys = systemId is null ? [] : [.. await definitions.Select(d => d.Key).ToListAsync(cancellationToken)];

        var models = db.Models.AsNoTracking();
        if (systemId is { } ms) models = models.Where(m => m.SystemId == ms);
        if (query.Model is { } name) models = models.Where(m => m.Name == name);
        HashSet<string> modelNames = query.ComponentId is null ? [.. await models.Select(m => m.Name).ToListAsync(cancellationToken)] : [];

        var rules = await db.AlarmRules.AsNoTracking().Select(r => new { r.Id, r.Metric, r.Definition }).ToListAsync(cancellationToken);
        HashSet<int> ruleIds = [.. rules.Where(r => (systemId is null || metricKeys.Contains(r.Metric)) && (query.Model is null || TaggedModel(r.Definition) == query.Model)).Select(r => r.Id)];

        var monitors = await db.DriftMonitors.AsNoTracking().Select(m => new { m.Id, m.Model }).ToListAsync(cancellationToken);
        var detectors = await db.Detectors.AsNoTracking().Select(d => new { d.Id, d.Definition }).ToListAsync(cancellationToken);
        HashSet<int> detectorIds = [.. detectors.Where(d => Watches(d.Definition, modelNames, systemId is null ? null : metricKeys)).Select(d => d.Id)];

        // A job belongs to a system through its component; a model scope has no jobs.
        var jobs = db.Jobs.AsNoTracking().Where(j => j.ComponentId != null);
        if (query.ComponentId is { } jobComponent) jobs = jobs.Where(j => j.ComponentId == jobComponent);
        else if (systemId is { } jobSystem) jobs = jobs.Where(j => db.Components.Any(c => c.Id == j.ComponentId && c.SystemId == jobSystem));
        HashSet<int> jobIds = query.Model is not null ? [] : [.. await jobs.Select(j => j.Id).ToListAsync(cancellationToken)];

        // A scrape target belongs to its system and component; a model scope has no targets.
        var targets = db.ScrapeTargets.AsNoTracking();
        if (query.ComponentId is { } targetComponent) targets = targets.Where(t => t.ComponentId == targetComponent);
        else if (systemId is { } targetSystem) targets = targets.Where(t => t.SystemId == targetSystem);
        HashSet<int> targetIds = query.Model is not null ? [] : [.. await targets.Select(t => t.Id).ToListAsync(cancellationToken)];

        int? automationSystem = query.ComponentId is not null ? null : query.Model is not null ? modelSystem : systemId;
        return (new TimelineScope(
            query.Model is null ? metricKeys : [],
            ruleIds,
            modelNames,
            automationSystem is { } a ? new HashSet<int> { a } : [],
            monitors.Where(m => modelNames.Contains(m.Model)).Select(m => m.Id).ToHashSet(),
            detectorIds,
            query.ComponentId is null && query.Model is null && systemId is { } p ? new HashSet<string> { p.ToString(CultureInfo.InvariantCulture) } : [],
            jobIds,
            targetIds), issues);
    }

    /// <summary>One metric: its definition's versions, its rules with their alarms and silences, the detectors
    /// watching it; nothing of models, automation, privacy, job runs (a job's metrics are its runs) or scrape targets.</summary>
    private static TimelineScope OfMetric(string metric, IEnumerable<int> ruleIds, IEnumerable<int> detectorIds) =>
        new(new HashSet<string> { metric }, ruleIds.ToHashSet(), new HashSet<string>(), new HashSet<int>(), new HashSet<int>(), detectorIds.ToHashSet(), new HashSet<string>(),
            new HashSet<int>(), new HashSet<int>());

    /// <summary>The rule's <c>model</c> tag matcher: how a rule on a shared metric names one model.</summary>
    private static string? TaggedModel(string definition)
    {
        var rule = JsonSerializer.Deserialize<AlarmRule>(definition, StoredJson.Options);
        return rule?.Tags.TryGetValue("model", out var model) == true ? model : null;
    }

    private static bool Watches(string definition, IReadOnlySet<string> models, IReadOnlySet<string>? metrics)
    {
        var detector = JsonSerializer.Deserialize<DetectorDefinition>(definition, StoredJson.Options);
        if (detector is null) return false;
        return (detector.Model is { } model && models.Contains(model)) || (detector.Metric is { } metric && metrics?.Contains(metric) == true);
    }
}
