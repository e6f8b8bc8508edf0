using MonitorHub.Core.FailureModes;
using MonitorHub.Core.Metrics;

namespace MonitorHub.Core.Automation;

/// <summary>Who decides a request at a system's degree of automation.</summary>
public enum Decider
{
    Model,
    Human,
}

/// <summary>What shows a model is ready for more trust: its paired agreement with the live side (people,
/// or the live model) and both accuracies on labelled pairs, over the last <see cref="Days"/> days.</summary>
public sealed record AutomationEvidence(long N, double? ShadowAgreement, double? AgreementLow, double? AgreementHigh, double? ModelAccuracy, double? HumanAccuracy, int Days)
{
    public static AutomationEvidence None(int days) => new(0, null, null, null, null, null, days);
}

/// <summary>One recorded change of degree.</summary>
public sealed record AutomationChange(DateTimeOffset At, AutomationDegree From, AutomationDegree To, string Actor, string Reason, AutomationEvidence? Evidence);

/// <summary>A person's request to change a system's degree.</summary>
public sealed record AutomationRequest(AutomationDegree Degree, string? Reason, double? Threshold);

/// <summary>
/// The degrees of automation as rules: who decides at each degree, what a change needs, and where a
/// critical alarm takes a system. Moving down is always allowed (less trust needs no proof); moving up
/// needs a reason, and partial automation needs a threshold τ, because without one it cannot say which
/// requests the model may decide.
/// </summary>
public static class AutomationRules
{
    public const int MaxReasonLength = 1000;

    public static bool IsThreshold(double tau) => double.IsFinite(tau) && tau is >= 0 and <= 1;

    /// <summary>Full automation: the model; partial: the model when the caller's score reaches τ, else a person;
    /// below that a person decides (the model is logged, or shown as advice).</summary>
    public static Decider Decide(AutomationDegree degree, double? threshold, double? score) => degree switch
    {
        AutomationDegree.FullAutomation => Decider.Model,
        AutomationDegree.PartialAutomation when threshold is { } tau && score is { } s && s >= tau => Decider.Model,
        _ => Decider.Human,
    };

    /// <summary>The issues with a requested change (field names as the API spells them).</summary>
    public static List<ValidationIssue> Validate(AutomationRequest request, double? currentThreshold)
    {
        var issues = new List<ValidationIssue>();
        if (!Enum.IsDefined(request.Degree)) issues.Add(new(null, "degree", "One of humanOnly, shadowMode, aiAssistance, partialAutomation, fullAutomation."));
        if (string.IsNullOrWhiteSpace(request.Reason)) issues.Add(new(null, "reason", "Say why the degree changes; it is kept in the history."));
        else if (request.Reason.Length > MaxReasonLength) issues.Add(new(null, "reason", $"At most {MaxReasonLength} characters."));
        if (request.Threshold is { } tau && !IsThreshold(tau)) issues.Add(new(null, "threshold", "A score threshold between 0 and 1."));
        else if (request.Degree == AutomationDegree.PartialAutomation && request.Threshold is null && currentThreshold is null)
            issues.Add(new(null, "threshold", "Partial automation needs a threshold τ: the model decides requests whose score is at or above it."));
        return issues;
    }

    public static bool IsUp(AutomationDegree from, AutomationDegree to) => to > from;

    /// <summary>Where a critical alarm takes a system: one degree down, so a person takes back what the model
    /// last gained; null when people already decide everything.</summary>
    public static AutomationDegree? Demoted(AutomationDegree degree) => degree == AutomationDegree.HumanOnly ? null : degree - 1;
}
