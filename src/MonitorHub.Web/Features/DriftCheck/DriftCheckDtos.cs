using MonitorHub.Core.Drift;
using MonitorHub.Core.Drift.Check;

namespace MonitorHub.Web.Features.DriftCheck;

/// <summary>One column of a drift check's answer, with the wire names of the Core enums.</summary>
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
