using MonitorHub.Core.Deployments;

namespace MonitorHub.Infrastructure.Deployments;

/// <summary>A deployment with everything that happened to it: every decision and every analysis run, oldest first.</summary>
public sealed record DeploymentDetail(Deployment Deployment, IReadOnlyList<DeploymentDecision> Decisions, IReadOnlyList<AnalysisRun> Runs);

/// <summary>A page of deployments, newest first, with the total for paging and each one's latest analysis
/// run (absent before the first run), for a list that shows the verdict.</summary>
public sealed record DeploymentPage(IReadOnlyList<Deployment> Items, int Total, IReadOnlyDictionary<long, AnalysisRun> LatestRuns);

/// <summary>A new deployment and, when a step has an approval webhook, the secret its calls are signed with
/// (shown only in the answer to the create request).</summary>
public sealed record CreatedDeployment(Deployment Deployment, string? WebhookSecret);

/// <summary>What changed, published after it committed.</summary>
/// <param name="Run">The analysis run recorded with the change, if any.</param>
public sealed record DeploymentChange(Deployment Deployment, IReadOnlyList<DeploymentDecision> Decisions, AnalysisRun? Run);

/// <summary>Notice that a deployment changed (state, weight, step, a new run), for the router's cache
/// and for pages, like <c>AlarmFeed</c>; with Redis, changes made on other nodes arrive through
/// <see cref="PublishFromPeer"/> (every node's router follows every weight change).</summary>
public sealed class DeploymentFeed
{
    public event Action<DeploymentChange>? Changed;

    /// <summary>Changes made on this node only (not those from peers), for the relay to other nodes.</summary>
    public event Action<DeploymentChange>? ChangedHere;

    public void Publish(DeploymentChange change)
    {
        Changed?.Invoke(change);
        ChangedHere?.Invoke(change);
    }

    public void PublishFromPeer(DeploymentChange change) => Changed?.Invoke(change);
}
