namespace MonitorHub.Core.Drift.Check;

/// <summary>Wire names (lowercase) of the Core enums, both ways, for the API and the page.</summary>
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
