namespace MonitorHub.Core.Metrics;

/// <summary>A system with its pipeline, as pages and the API show it.</summary>
public sealed record SystemView(MonitoredSystem System, IReadOnlyList<PipelineComponent> Components, IReadOnlyList<ComponentEdge> Edges)
{
    /// <summary>Components in pipeline order: sources first, each after everything feeding it
    /// (Kahn's algorithm; ties and cycles fall back to the stored position).</summary>
    public IReadOnlyList<PipelineComponent> InPipelineOrder()
    {
        var incoming = Components.ToDictionary(c => c.Id, _ => 0);
        foreach (var edge in Edges)
        {
            if (incoming.ContainsKey(edge.ToComponentId)) incoming[edge.ToComponentId]++;
        }

        var ready = new Queue<PipelineComponent>(Components.Where(c => incoming[c.Id] == 0));
        var ordered = new List<PipelineComponent>();
        while (ready.Count > 0)
        {
            var component = ready.Dequeue();
            ordered.Add(component);
            foreach (var edge in Edges.Where(e => e.FromComponentId == component.Id))
            {
                if (incoming.ContainsKey(edge.ToComponentId) && --incoming[edge.ToComponentId] == 0)
                {
                    ready.Enqueue(Components.First(c => c.Id == edge.ToComponentId));
                }
            }
        }

        ordered.AddRange(Components.Where(c => !ordered.Contains(c)));
        return ordered;
    }
}
