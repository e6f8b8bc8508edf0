using MonitorHub.Core.Drift;
using MonitorHub.Core.Drift.Monitors;
using MonitorHub.Core.Drift.Streaming;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Drift;

namespace MonitorHub.Web.Features.Drift;

/// <summary>Method and correction names as the API and UI spell them.</summary>
public static class DriftNames
{
    public static readonly IReadOnlyDictionary<string, DriftMethod> Methods = new Dictionary<string, DriftMethod>(StringComparer.OrdinalIgnoreCase)
    {
        ["auto"] = DriftMethod.Auto, ["ks"] = DriftMethod.Ks, ["chi2"] = DriftMethod.Chi2, ["wasserstein"] = DriftMethod.Wasserstein,
        ["jensenshannon"] = DriftMethod.JensenShannon, ["psi"] = DriftMethod.Psi, ["hellinger"] = DriftMethod.Hellinger,
    };

    public static readonly IReadOnlyDictionary<string, MultipleTestCorrection> Corrections = new Dictionary<string, MultipleTestCorrection>(StringComparer.OrdinalIgnoreCase)
    {
        ["none"] = MultipleTestCorrection.None, ["bonferroni"] = MultipleTestCorrection.Bonferroni, ["benjamini-hochberg"] = MultipleTestCorrection.BenjaminiHochberg,
    };

    public static string Of(DriftMethod m) => Methods.First(p => p.Value == m).Key;
    public static string Of(MultipleTestCorrection c) => Corrections.First(p => p.Value == c).Key;
}

public sealed record WindowDto(int? Minutes, int? LastPredictions);

public sealed record FeatureTestDto(string? Feature, string? Method, double? Threshold, double? Floor);

public sealed record MonitorDto(
    int Id, string? Name, string? Model, int? ReferenceId, List<string>? Features, WindowDto? Window, int? IntervalMinutes, string? Method,
    string? Correction, double? DriftShare, List<FeatureTestDto>? Tests, bool? Enabled, DateTime? LastRunAt = null, DateTime? NextRunAt = null)
{
    public static MonitorDto From(MonitorView v)
    {
        var m = v.Monitor;
        return new(m.Id, m.Name, m.Model, m.ReferenceId, [.. m.Features], new WindowDto(m.Window.Minutes, m.Window.LastPredictions), m.IntervalMinutes,
            DriftNames.Of(m.Method), DriftNames.Of(m.Correction), m.DriftShare,
            [.. m.Tests.Select(t => new FeatureTestDto(t.Feature, DriftNames.Of(t.Method), t.Threshold, t.Floor))], m.Enabled, v.LastRunAt?.UtcDateTime, v.NextRunAt.UtcDateTime);
    }

    public (DriftMonitor Monitor, List<ValidationIssue> Issues) ToMonitor()
    {
        var issues = new List<ValidationIssue>();
        var method = DriftMethod.Auto;
        if (Method is not null && !DriftNames.Methods.TryGetValue(Method, out method)) issues.Add(new(null, "method", "One of " + string.Join(", ", DriftNames.Methods.Keys) + "."));
        var correction = MultipleTestCorrection.None;
        if (Correction is not null && !DriftNames.Corrections.TryGetValue(Correction, out correction)) issues.Add(new(null, "correction", "One of none, bonferroni, benjamini-hochberg."));
        var tests = new List<FeatureTest>();
        foreach (var t in Tests ?? [])
        {
            if (string.IsNullOrWhiteSpace(t.Feature)) { issues.Add(new(null, "tests.feature", "Required.")); continue; }
            var m = DriftMethod.Auto;
            if (t.Method is not null && !DriftNames.Methods.TryGetValue(t.Method, out m)) issues.Add(new(null, $"tests.{t.Feature}.method", "Unknown method."));
            tests.Add(new FeatureTest(t.Feature, m, t.Threshold, t.Floor));
        }

        var defaults = new DriftMonitor();
        return (new DriftMonitor
        {
            Name = Name ?? "", Model = Model ?? "", ReferenceId = ReferenceId ?? 0, Features = Features ?? [],
            Window = Window is null ? defaults.Window : new DriftWindow(Window.Minutes, Window.LastPredictions),
            IntervalMinutes = IntervalMinutes ?? defaults.IntervalMinutes, Method = method, Correction = correction,
            DriftShare = DriftShare ?? defaults.DriftShare, Tests = tests, Enabled = Enabled ?? true,
        }, issues);
    }
}

public sealed record ColumnResultDto(
    string Name, string Type, string Method, string Status, double? Statistic, double? PValue, double? AdjustedPValue, double Threshold,
    double? EffectSize, double? Floor, bool Drifted, long ReferenceCount, long CurrentCount)
{
    public static ColumnResultDto From(ColumnDriftResult c) => new(
        c.Name, c.Kind == ColumnKind.Numeric ? "numeric" : "categorical", DriftNames.Of(c.Method),
        c.Status == ColumnDriftStatus.Tested ? "tested" : "insufficientData", c.Statistic, c.PValue, c.AdjustedPValue, c.Threshold, c.EffectSize,
        c.EffectSizeFloor, c.Drifted, c.ReferenceCount, c.CurrentCount);
}

public sealed record RunDto(long Id, int MonitorId, DateTime At, DateTime? WindowFrom, DateTime? WindowTo, int Rows, double Share, bool DatasetDrift,
    int Tested, int Drifted, IReadOnlyList<ColumnResultDto> Columns, string? Error)
{
    public static RunDto From(DriftRunView r) => new(
        r.Id, r.MonitorId, r.At.UtcDateTime, r.WindowFrom?.UtcDateTime, r.WindowTo?.UtcDateTime, r.Rows, r.Share, r.DatasetDrift, r.Tested, r.Drifted,
        [.. r.Columns.Select(ColumnResultDto.From)], r.Error);
}

public sealed record ReferenceDto(int Id, string Model, string Name, string Kind, DateTime? From, DateTime? To, int Rows, IReadOnlyList<object> Columns, DateTime CreatedAt, string CreatedBy)
{
    public static ReferenceDto Of(ReferenceView r) => new(
        r.Id, r.Model, r.Name, r.Kind, r.From?.UtcDateTime, r.To?.UtcDateTime, r.Rows,
        [.. r.Columns.Select(c => (object)new { name = c.Name, type = c.Kind == ColumnKind.Numeric ? "numeric" : "categorical" })], r.CreatedAt.UtcDateTime, r.CreatedBy);
}

public sealed record ReferenceRequest(string? Name, DateTimeOffset? From, DateTimeOffset? To, List<string>? Features);

public sealed record DetectorDto(int Id, string? Name, string? Kind, string? Source, string? Metric, string? Model, string? Feature, double? Threshold, double? Delta,
    bool? Enabled, long Processed = 0, long Detections = 0, DateTimeOffset? StartFrom = null)
{
    public static DetectorDto From(DetectorView v)
    {
        var d = v.Definition;
        return new(d.Id, d.Name, Camel(d.Kind.ToString()), Camel(d.Source.ToString()), d.Metric, d.Model, d.Feature, d.Threshold, d.Delta, d.Enabled, v.Processed, v.Detections);
    }

    public (DetectorDefinition Definition, List<ValidationIssue> Issues) ToDefinition()
    {
        var issues = new List<ValidationIssue>();
        if (!Enum.TryParse<DetectorKind>(Kind, ignoreCase: true, out var kind) || !Enum.IsDefined(kind)) issues.Add(new(null, "kind", "One of pageHinkley, adwin, ddm."));
        if (!Enum.TryParse<DetectorSource>(Source, ignoreCase: true, out var source) || !Enum.IsDefined(source)) issues.Add(new(null, "source", "One of metric, feature, errors."));
        return (new DetectorDefinition
        {
            Name = Name ?? "", Kind = kind, Source = source, Metric = Metric, Model = Model, Feature = Feature, Threshold = Threshold, Delta = Delta, Enabled = Enabled ?? true,
        }, issues);
    }

    private static string Camel(string s) => char.ToLowerInvariant(s[0]) + s[1..];
}

public sealed record AlarmFromDriftRequest(string? Feature, string? Severity);
