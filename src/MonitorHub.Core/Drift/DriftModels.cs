namespace MonitorHub.Core.Drift;

public enum ColumnKind
{
    Numeric,
    Categorical,
}

public enum DriftMethod
{
    /// <summary>Evidently's default choice; see <see cref="DatasetDrift.ResolveAutoMethod"/>.</summary>
    Auto,
    Ks,
    Chi2,
    Wasserstein,
    JensenShannon,
    Psi,
    Hellinger,
}

public enum ColumnDriftStatus
{
    Tested,

    /// <summary>Reference or current has no usable value (or scipy would answer NaN): no statistic is reported.</summary>
    InsufficientData,
}

/// <summary>Per-column overrides. A column's kind comes from its <see cref="ColumnProfile"/>.</summary>
/// <param name="Method">Auto defers to the run's default method (and then to the auto rule).</param>
/// <param name="Threshold">α for p-value methods, minimum distance for distance methods; null = method default.</param>
/// <param name="EffectSizeFloor">p-value methods only: drift also needs the column's effect size (normed
/// Wasserstein for numeric, Jensen–Shannon over category shares for categorical) to reach this floor,
/// so a huge sample cannot flag a practically irrelevant shift. Ignored by distance methods.</param>
public sealed record ColumnDriftOptions(DriftMethod Method = DriftMethod.Auto, double? Threshold = null, double? EffectSizeFloor = null);

public sealed record DriftRunOptions
{
    public DriftMethod DefaultMethod { get; init; } = DriftMethod.Auto;
    public MultipleTestCorrection Correction { get; init; } = MultipleTestCorrection.None;

    /// <summary>The dataset drifts when drifted columns / tested columns reaches this share.</summary>
    public double DriftShare { get; init; } = 0.5;

    public IReadOnlyDictionary<string, ColumnDriftOptions> Columns { get; init; } = new Dictionary<string, ColumnDriftOptions>();
}

/// <summary>Raw current-window values of one column: nulls (and NaN/±∞ for numeric) are missing.</summary>
public sealed record ColumnData(string Name, ColumnKind Kind, double?[]? NumericValues, string?[]? CategoricalValues)
{
    public static ColumnData Numeric(string name, double?[] values) => new(name, ColumnKind.Numeric, values, null);

    public static ColumnData Categorical(string name, string?[] values) => new(name, ColumnKind.Categorical, null, values);
}

/// <param name="Statistic">KS D, chi2 statistic, or the distance itself; null when not tested.</param>
/// <param name="PValue">Raw p-value; null for distance methods.</param>
/// <param name="AdjustedPValue">After the run's correction (equals PValue for None); null for distance methods.</param>
public sealed record ColumnDriftResult(
    string Name,
    ColumnKind Kind,
    DriftMethod Method,
    ColumnDriftStatus Status,
    double? Statistic,
    double? PValue,
    double? AdjustedPValue,
    double Threshold,
    double? EffectSize,
    double? EffectSizeFloor,
    bool Drifted,
    long ReferenceCount,
    long CurrentCount);

/// <param name="DriftedShare">Drifted / tested columns; insufficient-data columns count in neither.</param>
public sealed record DatasetDriftResult(
    ColumnDriftResult[] Columns,
    int TestedColumns,
    int DriftedColumns,
    double DriftedShare,
    double DriftShareThreshold,
    bool DatasetDrifted,
    MultipleTestCorrection Correction);
