using MonitorHub.Core.FailureModes;

namespace MonitorHub.Web.Features.FailureModes;

/// <summary>The seed's degrees of automation in words, for the checklist and the pipelines page.</summary>
public static class AutomationText
{
    public static string Label(AutomationDegree degree) => degree switch
    {
        AutomationDegree.ShadowMode => "Shadow mode",
        AutomationDegree.AiAssistance => "AI assistance",
        AutomationDegree.PartialAutomation => "Partial automation",
        AutomationDegree.FullAutomation => "Full automation",
        _ => "Human only",
    };

    public static string Explain(AutomationDegree degree) => degree switch
    {
        AutomationDegree.ShadowMode => "The model sees live inputs in parallel with people; its outputs are logged, not used.",
        AutomationDegree.AiAssistance => "The model's output is shown to a person, who decides.",
        AutomationDegree.PartialAutomation => "The model decides when confident; a person decides otherwise.",
        AutomationDegree.FullAutomation => "The model decides on its own.",
        _ => "People decide; no model is involved yet.",
    };
}
