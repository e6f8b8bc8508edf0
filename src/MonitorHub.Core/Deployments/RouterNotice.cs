using System.Text.Json;

namespace MonitorHub.Core.Deployments;

/// <summary>
/// What a router listening on a deployment's <see cref="DeploymentSpec.RouterChannel"/> is told: sent on every
/// change of the candidate's weight (a step, a promotion, and the drop to 0 of an abort or rollback), so a
/// router that splits traffic itself follows the rollout without polling the route call.
/// </summary>
public static class RouterNotice
{
    public const string Type = "deployment.weight";

    /// <summary>Whether the change from <paramref name="before"/> to <paramref name="after"/> is one to tell.</summary>
    public static bool IsDue(Deployment before, Deployment after) => after.Spec.RouterChannel is not null && after.Weight != before.Weight;

    /// <summary>The JSON body: the deployment as it stands after the change; <paramref name="reason"/> is the
    /// decision's that moved the weight.</summary>
    public static string Payload(Deployment d, string? reason, DateTimeOffset at, string deliveryId) => JsonSerializer.Serialize(new
    {
        type = Type,
        deliveryId,
        deploymentId = d.Id,
        model = d.Spec.Model,
        strategy = DeploymentStateMachine.Name(d.Spec.Strategy),
        baseline = d.Spec.Baseline,
        candidate = d.Spec.Candidate,
        state = DeploymentStateMachine.Name(d.State),
        weight = d.Weight,
        step = d.CurrentStep,
        reason,
        at = at.UtcDateTime,
    });
}
