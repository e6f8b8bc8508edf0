namespace MonitorHub.Core.Drift;

/// <summary>Bounds of one ad-hoc check (and of a CSV file). The request body is also capped by Kestrel's
/// 8 MiB limit, so checks beyond a few hundred thousand values per column belong in drift monitors.</summary>
public static class DriftCheckLimits
{
    public const int MaxColumns = 200;
    public const int MaxValuesPerColumn = 1_000_000;
    public const int MaxColumnNameLength = 256;
    public const long MaxBodyBytes = 8 * 1024 * 1024;
}
