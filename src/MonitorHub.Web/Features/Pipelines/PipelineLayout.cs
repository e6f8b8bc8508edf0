using MonitorHub.Core.Metrics;

namespace MonitorHub.Web.Features.Pipelines;

/// <summary>Places components in columns by their longest distance from a source, so a chain
/// reads left to right and parallel branches stack in one column.</summary>
public static class PipelineLayout
{
    public static List<List<PipelineComponent>> Layers(SystemView system)
    {
        var depth = new Dictionary<int, int>();
        foreach (var component in system.InPipelineOrder())
        {
            var parents = system.Edges.Where(e => e.ToComponentId == component.Id && depth.ContainsKey(e.FromComponentId));
            depth[component.Id] = parents.Select(e => depth[e.FromComponentId] + 1).DefaultIfEmpty(0).Max();
        }

        return [.. system.InPipelineOrder().GroupBy(c => depth[c.Id]).OrderBy(g => g.Key).Select(g => g.ToList())];
    }

    public static List<PipelineComponent> Downstream(SystemView system, PipelineComponent component) =>
        [.. system.Edges.Where(e => e.FromComponentId == component.Id)
            .Select(e => system.Components.FirstOrDefault(c => c.Id == e.ToComponentId))
            .OfType<PipelineComponent>()];
}
