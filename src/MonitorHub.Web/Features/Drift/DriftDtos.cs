using MonitorHub.Core.Drift;
using MonitorHub.Core.Drift.Check;
using MonitorHub.Core.Drift.Monitors;
using MonitorHub.Core.Drift.Streaming;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Drift;
using MonitorHub.Web.Features.DriftCheck;

namespace MonitorHub.Web.Features.Drift;

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
            DriftCheckNames.Of(m.Method), DriftCheckNames.Of(m.Correction), m.DriftShare,
            [.. m.Tests.Select(t => new FeatureTestDto(t.Feature, DriftCheckNames.Of(t.Method), t.Threshold, t.Floor))], m.Enabled, v.LastRunAt?.UtcDateTime, v.NextRunAt.UtcDateTime);
    }

    public (DriftMonitor Monitor, List<ValidationIssue> Issues) ToMonitor()
    {
        var issues = new List<ValidationIssue>();
        var method = Method is null ? DriftMethod.Auto : DriftCheckNames.Method(Method) ?? DriftMethod.Auto;
        if (Method is not null && DriftCheckNames.Method(Method) is null) issues.Add(new(null, "method", "One of " + string.Join(", ", DriftCheckNames.Methods) + "."));
        var correction = Correction is null ? MultipleTestCorrection.None : DriftCheckNames.Correction(Correction) ?? MultipleTestCorrection.None;
        if (Correction is not null && DriftCheckNames.Correction(Correction) is null) issues.Add(new(null, "correction", "One of " + string.Join(", ", DriftCheckNames.Corrections) + "."));
        var tests = new List<FeatureTest>();
        foreach (var t in Tests ?? [])
        {
            if (string.IsNullOrWhiteSpace(t.Feature)) { issues.Add(new(null, "tests.feature", "Required.")); continue; }
            var m = t.Method is null ? DriftMethod.Auto : DriftCheckNames.Method(t.Method);
            if (m is null) issues.Add(new(null, $"tests.{t.Feature}.method", "One of " + string.Join(", ", DriftCheckNames.Methods) + "."));
            tests.Add(new FeatureTest(t.Feature, m ?? DriftMethod.Auto, t.Threshold, t.Floor));
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

public sealed record RunDto(long Id, int MonitorId, DateTime At, DateTime? WindowFrom, DateTime? WindowTo, int Rows, double Share, bool DatasetDrift,
    int Tested, int Drifted, IReadOnlyList<DriftCheckColumnDto> Columns, string? Error)
{
    public static RunDto From(DriftRunView r) => new(
        r.Id, r.MonitorId, r.At.UtcDateTime, r.WindowFrom?.UtcDateTime, r.WindowTo?.UtcDateTime, r.Rows, r.Share, r.DatasetDrift, r.Tested, r.Drifted,
        [.. r.Columns.Select(DriftCheckColumnDto.From)], r.Error);
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
