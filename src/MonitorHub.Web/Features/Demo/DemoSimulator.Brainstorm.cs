using System.Globalization;
using System.Net.Http.Json;
using MonitorHub.Core.Demo;
using MonitorHub.Core.FailureModes;

namespace MonitorHub.Web.Features.Demo;

/// <summary>The demo's brainstorm: failure modes from the templates and the system's checklist.</summary>
public sealed partial class DemoSimulator
{
    /// <summary>
    /// On the first start (no failure modes for the system yet) writes down four failure modes,
    /// linked to the system's components, the suggested metrics the demo has, and the rules that
    /// watch them, then saves the checklist. Later starts keep whatever the team changed.
    /// </summary>
    private static async Task BrainstormAsync(HttpClient http, Pipelines.SystemDto system, CancellationToken cancellationToken)
    {
        var id = system.Id.ToString(CultureInfo.InvariantCulture);
        var existing = await http.GetFromJsonAsync<List<FailureModes.FailureModeDto>>($"/api/v1/failure-modes?systemId={id}", Json, cancellationToken) ?? [];
        if (existing.Count > 0) return;

        var templates = await http.GetFromJsonAsync<List<FailureModes.TemplateDto>>("/api/v1/failure-modes/templates", Json, cancellationToken) ?? [];
        var rules = await http.GetFromJsonAsync<List<Alarms.RuleDto>>("/api/v1/rules", Json, cancellationToken) ?? [];
        var metrics = (await http.GetFromJsonAsync<List<Metrics.MetricDefinitionDto>>("/api/v1/metrics", Json, cancellationToken) ?? [])
            .Select(m => m.Key).ToHashSet(StringComparer.Ordinal);

        foreach (var mode in VoiceSearchBrainstorm.FailureModes)
        {
            if (templates.FirstOrDefault(t => t.Id == mode.Template) is not { } template) continue;
            // Only keys the catalogue has: the API rejects links to metrics it does not know.
            var keys = template.Metrics.Select(m => m.Key).Where(metrics.Contains).ToList();
            var ruleIds = rules.Where(r => r.Metric is not null && mode.RuleMetrics.Contains(r.Metric)).Select(r => r.Id).ToList();
            var draft = new FailureModeDraft(
                template.Title, template.Description, system.Id, system.Components.FirstOrDefault(c => c.Name == mode.Component)?.Id,
                template.Likelihood, template.Impact, FailureModeValidation.Name(mode.Status), keys, ruleIds, template.Id);
            using var _ = await http.PostAsJsonAsync("/api/v1/failure-modes", draft, Json, cancellationToken);
        }

        using var saved = await http.PutAsJsonAsync($"/api/v1/systems/{id}/checklist", VoiceSearchBrainstorm.Checklist, Json, cancellationToken);
    }
}
