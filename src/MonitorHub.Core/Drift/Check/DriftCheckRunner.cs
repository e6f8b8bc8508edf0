using MonitorHub.Core.Metrics;

namespace MonitorHub.Core.Drift.Check;

/// <summary>A parsed, not yet validated-against-each-other request.</summary>
public sealed record DriftCheckRequest(
    IReadOnlyList<ColumnData> Reference,
    IReadOnlyList<ColumnData> Current,
    DriftRunOptions Options);

/// <summary>The check itself, shared by the endpoint and the page: pairs the sides, refuses method/type
/// combinations Core cannot test, builds the reference profile and runs the dataset drift.</summary>
public static class DriftCheckRunner
{
    /// <summary>Reference columns must match current columns one to one with the same kind.</summary>
    public static List<ValidationIssue> Validate(DriftCheckRequest request)
    {
        var issues = new List<ValidationIssue>();
        var current = request.Current.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var reference = request.Reference.ToDictionary(c => c.Name, StringComparer.Ordinal);
        foreach (var r in request.Reference)
        {
            if (!current.TryGetValue(r.Name, out var c))
            {
                issues.Add(new(null, $"reference.{r.Name}", "The column is not in current; every column must be on both sides."));
                continue;
            }

            if (c.Kind != r.Kind)
                issues.Add(new(null, $"current.{r.Name}", $"The column is {DriftCheckNames.Of(c.Kind)} here but {DriftCheckNames.Of(r.Kind)} in reference."));

            var own = request.Options.Columns.GetValueOrDefault(r.Name)?.Method ?? DriftMethod.Auto;
            var method = own != DriftMethod.Auto ? own : request.Options.DefaultMethod;
            if (r.Kind == ColumnKind.Categorical && DriftCheckNames.NeedsNumeric(method))
            {
                var field = own != DriftMethod.Auto ? $"columns.{r.Name}.method" : "method";
                issues.Add(new(null, field, $"{DriftCheckNames.Of(method)} needs a numeric column; '{r.Name}' is categorical (use chi2, jensenshannon, psi or hellinger)."));
            }
        }

        foreach (var c in request.Current.Where(c => !reference.ContainsKey(c.Name)))
            issues.Add(new(null, $"current.{c.Name}", "The column is not in reference; every column must be on both sides."));
        foreach (var name in request.Options.Columns.Keys.Where(n => !reference.ContainsKey(n)))
            issues.Add(new(null, $"columns.{name}", "Settings for a column that is in neither reference nor current."));
        return issues;
    }

    /// <summary>Call after <see cref="Validate"/> found nothing. CPU-bound: the page runs it off the render thread.</summary>
    public static (ReferenceProfile Profile, DatasetDriftResult Result) Run(DriftCheckRequest request)
    {
        var profile = ReferenceProfile.Build(request.Reference);
        var byName = request.Current.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var current = request.Reference.Select(r => byName[r.Name]).ToList();
        return (profile, DatasetDrift.Run(profile, current, request.Options));
    }
}
