using MonitorHub.Core.Drift.Predictions;
using MonitorHub.Core.Metrics;

namespace MonitorHub.Infrastructure.Drift;

/// <summary>A key bound to a system writes predictions and labels only for that system's models.</summary>
public static class IngestScope
{
    /// <summary>Items naming a model of another system than the key's, or null when there are none.</summary>
    public static List<ValidationIssue>? OtherSystems(IEnumerable<string> models, int? keySystemId, IReadOnlyDictionary<string, ModelSettings> settings)
    {
        if (keySystemId is not { } bound) return null;
        var issues = models.Select((model, i) => (model, i))
            .Where(x => settings[x.model].SystemId is { } system && system != bound)
            .Take(20)
            .Select(x => new ValidationIssue(x.i, "model", $"Model '{x.model}' belongs to another system; this key writes only models of system {bound}."))
            .ToList();
        return issues.Count > 0 ? issues : null;
    }
}
