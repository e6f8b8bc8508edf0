using MonitorHub.Core.Drift;
using MonitorHub.Core.Metrics;

namespace MonitorHub.Web.Features.Drift;

/// <summary>Wire names (lowercase, as in the issue) of the Core enums.</summary>
public static class DriftCheckNames
{
    public static readonly string[] Methods = ["auto", "ks", "chi2", "wasserstein", "jensenshannon", "psi", "hellinger"];
    public static readonly string[] Corrections = ["none", "bonferroni", "benjamini-hochberg"];

    public static string Of(DriftMethod method) => method.ToString().ToLowerInvariant();

    public static string Of(MultipleTestCorrection correction) => correction == MultipleTestCorrection.BenjaminiHochberg ? "benjamini-hochberg" : correction.ToString().ToLowerInvariant();

    public static string Of(ColumnKind kind) => kind == ColumnKind.Numeric ? "numeric" : "categorical";

    public static string Of(ColumnDriftStatus status) => status == ColumnDriftStatus.Tested ? "tested" : "insufficientData";

    public static DriftMethod? Method(string? text) => text?.ToLowerInvariant() switch
    {
        "auto" => DriftMethod.Auto,
        "ks" => DriftMethod.Ks,
        "chi2" => DriftMethod.Chi2,
        "wasserstein" => DriftMethod.Wasserstein,
        "jensenshannon" => DriftMethod.JensenShannon,
        "psi" => DriftMethod.Psi,
        "hellinger" => DriftMethod.Hellinger,
        _ => null,
    };

    public static MultipleTestCorrection? Correction(string? text) => text?.ToLowerInvariant() switch
    {
        "none" => MultipleTestCorrection.None,
        "bonferroni" => MultipleTestCorrection.Bonferroni,
        "benjamini-hochberg" or "benjaminihochberg" or "bh" or "fdr_bh" => MultipleTestCorrection.BenjaminiHochberg,
        _ => null,
    };

    public static ColumnKind? Kind(string? text) => text?.ToLowerInvariant() switch
    {
        "numeric" => ColumnKind.Numeric,
        "categorical" => ColumnKind.Categorical,
        _ => null,
    };

    /// <summary>Methods that need ordered values (a categorical column has none).</summary>
    public static bool NeedsNumeric(DriftMethod method) => method is DriftMethod.Ks or DriftMethod.Wasserstein;
}

/// <summary>A parsed, not yet validated-against-each-other request.</summary>
public sealed record DriftCheckRequest(
    IReadOnlyList<ColumnData> Reference,
    IReadOnlyList<ColumnData> Current,
    DriftRunOptions Options);

public sealed record DriftCheckColumnDto(
    string Name,
    string Type,
    string Method,
    string Status,
    double? Statistic,
    double? PValue,
    double? AdjustedPValue,
    double Threshold,
    double? EffectSize,
    double? EffectSizeFloor,
    bool Drifted,
    long ReferenceCount,
    long CurrentCount)
{
    public static DriftCheckColumnDto From(ColumnDriftResult c) => new(
        c.Name, DriftCheckNames.Of(c.Kind), DriftCheckNames.Of(c.Method), DriftCheckNames.Of(c.Status),
        c.Statistic, c.PValue, c.AdjustedPValue, c.Threshold, c.EffectSize, c.EffectSizeFloor, c.Drifted, c.ReferenceCount, c.CurrentCount);
}

/// <param name="Share">Drifted / tested columns (0 when nothing could be tested).</param>
public sealed record DriftCheckResponse(
    DriftCheckColumnDto[] Columns,
    double Share,
    double DriftShare,
    bool DatasetDrift,
    int Drifted,
    int Tested,
    string Correction)
{
    public static DriftCheckResponse From(DatasetDriftResult r) => new(
        [.. r.Columns.Select(DriftCheckColumnDto.From)], r.DriftedShare, r.DriftShareThreshold, r.DatasetDrifted,
        r.DriftedColumns, r.TestedColumns, DriftCheckNames.Of(r.Correction));
}

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
