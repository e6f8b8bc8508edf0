using MonitorHub.Core.Automation;
using MonitorHub.Infrastructure.Automation;
using MonitorHub.Web.Features.Deployments;

namespace MonitorHub.Web.Features.Automation;

/// <summary><c>POST /api/v1/systems/{name}/automation</c>: the degree to move to, why (required), and τ for partial automation.</summary>
public sealed record AutomationChangeBody(string? Degree, string? Reason, double? Threshold);

public sealed record AutomationEvidenceDto(double? ShadowAgreement, double? AgreementLow, double? AgreementHigh, double? ModelAccuracy, double? HumanAccuracy, long N, int Days)
{
    public static AutomationEvidenceDto From(AutomationEvidence e) => new(e.ShadowAgreement, e.AgreementLow, e.AgreementHigh, e.ModelAccuracy, e.HumanAccuracy, e.N, e.Days);
}

public sealed record AutomationChangeDto(DateTime At, string From, string To, string Actor, string Reason, AutomationEvidenceDto? Evidence)
{
    public static AutomationChangeDto Of(AutomationChange c) => new(
        c.At.UtcDateTime, Wire.Name(c.From), Wire.Name(c.To), c.Actor, c.Reason, c.Evidence is null ? null : AutomationEvidenceDto.From(c.Evidence));
}

/// <summary>A system's degree (null: never set), τ, history (newest first) and the current evidence.</summary>
public sealed record AutomationDto(string System, string? Degree, double? Threshold, IReadOnlyList<AutomationChangeDto> History, AutomationEvidenceDto Evidence)
{
    public static AutomationDto From(AutomationView v) => new(
        v.System, v.Degree is { } d ? Wire.Name(d) : null, v.Threshold, [.. v.History.Select(AutomationChangeDto.Of)], AutomationEvidenceDto.From(v.Evidence));
}

public sealed record ThresholdPointDto(double Threshold, double? Precision, double ShareAutomated, long Automated);

/// <summary>The τ curve: per candidate τ the precision of the model's decisions at score ≥ τ and the share of
/// labelled traffic they are; <c>suggested</c> is the lowest τ whose precision reaches <c>targetPrecision</c>.</summary>
public sealed record ThresholdsDto(long Labelled, double TargetPrecision, double? Suggested, int Days, IReadOnlyList<ThresholdPointDto> Points)
{
    public static ThresholdsDto From(ThresholdCurve c, int days) => new(
        c.Labelled, c.TargetPrecision, c.Suggested, days, [.. c.Points.Select(p => new ThresholdPointDto(p.Threshold, p.Precision, p.ShareAutomated, p.Automated))]);
}
