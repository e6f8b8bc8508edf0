using MonitorHub.Core.Incidents;

namespace MonitorHub.Core.Metrics;

/// <summary>What a team may change about a metric definition.</summary>
public sealed record MetricDefinitionUpdate(
    string? DisplayName, MetricCategory? Category, string? Unit, string? Description, int? SystemId, int? ComponentId, string? OwnerTeam,
    bool? Pinned = null);

public sealed record ComponentDraft(string? Name, string? Description);

/// <summary>Edges name components by their <see cref="ComponentDraft.Name"/>.</summary>
public sealed record EdgeDraft(string? From, string? To);

public sealed record SystemDraft(string? Name, string? Description, IReadOnlyList<ComponentDraft>? Components, IReadOnlyList<EdgeDraft>? Edges);

/// <summary>Field rules for catalogue edits; references to other rows are checked by the store.</summary>
public static class CatalogueValidation
{
    public const int MaxDisplayName = 200;
    public const int MaxUnit = 32;
    public const int MaxDescription = 2_000;
    public const int MaxOwnerTeam = 100;
    public const int MaxComponents = 50;

    public static List<ValidationIssue> Validate(MetricDefinitionUpdate update)
    {
        var issues = new List<ValidationIssue>();
        ValidationRules.Name(issues, "displayName", update.DisplayName, MaxDisplayName);

        if (update.Category is null)
            issues.Add(new(null, "category", "Required: one of " + string.Join(", ", Enum.GetNames<MetricCategory>()) + "."));
        else if (!Enum.IsDefined(update.Category.Value))
            issues.Add(new(null, "category", "Unknown category."));

        if (update.Unit is { Length: > MaxUnit })
            issues.Add(new(null, "unit", $"At most {MaxUnit} characters."));
        if (update.Description is { Length: > MaxDescription })
            issues.Add(new(null, "description", $"At most {MaxDescription} characters."));
        if (update.OwnerTeam is { Length: > MaxOwnerTeam })
            issues.Add(new(null, "ownerTeam", $"At most {MaxOwnerTeam} characters."));
        return issues;
    }

    public static List<ValidationIssue> Validate(SystemDraft draft)
    {
        var issues = new List<ValidationIssue>();
        ValidationRules.Name(issues, "name", draft.Name, MaxDisplayName);
        if (draft.Description is { Length: > MaxDescription })
            issues.Add(new(null, "description", $"At most {MaxDescription} characters."));

        var components = draft.Components ?? [];
        if (components.Count > MaxComponents)
            issues.Add(new(null, "components", $"At most {MaxComponents} components."));

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < components.Count; i++)
        {
            var name = components[i].Name;
            if (ValidationRules.Name(issues, "components.name", name, MaxDisplayName, i) && !names.Add(name!))
                issues.Add(new(i, "components.name", "Component names must be unique within a system."));
        }

        var edges = draft.Edges ?? [];
        for (var i = 0; i < edges.Count; i++)
        {
            if (edges[i].From is not { } from || !names.Contains(from))
                issues.Add(new(i, "edges.from", "Must name a component of this system."));
            if (edges[i].To is not { } to || !names.Contains(to))
                issues.Add(new(i, "edges.to", "Must name a component of this system."));
            else if (string.Equals(edges[i].From, to, StringComparison.OrdinalIgnoreCase))
                issues.Add(new(i, "edges.to", "A component cannot feed itself."));
        }

        if (issues.Count == 0 && PipelineGraph.FindCycle(
                components.Select(c => c.Name!.Trim()),
                edges.Select(e => (e.From!.Trim(), e.To!.Trim())),
                StringComparer.OrdinalIgnoreCase) is { } cycle)
        {
            // Incidents name the most upstream component as the origin: in a cycle nothing is upstream of the rest.
            issues.Add(new(null, "edges", $"The edges form a cycle: {string.Join(" → ", cycle)}. Components and edges must form a directed acyclic graph."));
        }

        return issues;
    }
}
