using MonitorHub.Core.Metrics;

namespace MonitorHub.Web.Features.Pipelines;

/// <summary>Where each component's box goes: a column per layer (<see cref="PipelineLayout.Layers"/>),
/// boxes stacked and centred in their column, so branches sit side by side and joins line up.</summary>
public sealed record PipelineGraphLayout(IReadOnlyDictionary<int, (double X, double Y)> Nodes, double Width, double Height)
{
    public const double NodeWidth = 190;
    public const double NodeHeight = 58;
    private const double ColumnGap = 70;
    private const double RowGap = 22;
    private const double Margin = 16;

    public static PipelineGraphLayout Of(SystemView system)
    {
        var layers = PipelineLayout.Layers(system);
        var tallest = layers.Count == 0 ? 0 : layers.Max(l => l.Count);
        var height = Margin * 2 + tallest * NodeHeight + Math.Max(0, tallest - 1) * RowGap;
        var nodes = new Dictionary<int, (double, double)>();
        for (var column = 0; column < layers.Count; column++)
        {
            var layer = layers[column];
            var span = layer.Count * NodeHeight + (layer.Count - 1) * RowGap;
            var top = (height - span) / 2;
            for (var row = 0; row < layer.Count; row++)
                nodes[layer[row].Id] = (Margin + column * (NodeWidth + ColumnGap), top + row * (NodeHeight + RowGap));
        }

        return new PipelineGraphLayout(nodes, Margin * 2 + layers.Count * NodeWidth + Math.Max(0, layers.Count - 1) * ColumnGap + 12, height + 8);
    }
}
