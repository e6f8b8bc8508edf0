namespace MonitorHub.Infrastructure.Persistence;

// Model versions, deployments, their decisions and analysis runs. Runs and decisions are kept for as
// long as the deployment exists (and deployments are never deleted): the history of why a rollout
// was stopped is the point of it.

public sealed class ModelVersionEntity
{
    public required string Model { get; set; }
    public required string Version { get; set; }
    public string Description { get; set; } = "";
    public required string CreatedBy { get; set; }
    public long CreatedAtMs { get; set; }
}

public sealed class DeploymentEntity
{
    public long Id { get; set; }
    public required string Model { get; set; }
    public int Strategy { get; set; }
    public required string Baseline { get; set; }
    public required string Candidate { get; set; }

    /// <summary>Steps, analysis, version tag and rollback window as JSON (camelCase): the spec without
    /// the columns copied out above.</summary>
    public required string Definition { get; set; }
    public long Salt { get; set; }
    public int State { get; set; }
    public int Weight { get; set; }
    public int CurrentStep { get; set; }
    public long StepStartedAtMs { get; set; }
    public int StepRuns { get; set; }
    public long? PromotedAtMs { get; set; }
    public int Failures { get; set; }
    public int Inconclusives { get; set; }
    public int ConsecutiveErrors { get; set; }
    public long? LastAnalysisAtMs { get; set; }

    /// <summary>Signs the calls to its approval webhooks; like a channel's secret it is shown once, at creation,
    /// and kept out of the <see cref="Core.Deployments.Deployment"/> record so no view, audit entry or log sees it.</summary>
    public string? WebhookSecret { get; set; }
    public required string CreatedBy { get; set; }
    public long CreatedAtMs { get; set; }
    public long UpdatedAtMs { get; set; }
}

public sealed class DeploymentDecisionEntity
{
    public long Id { get; set; }
    public long DeploymentId { get; set; }
    public long AtMs { get; set; }
    public int FromState { get; set; }
    public int ToState { get; set; }
    public int Weight { get; set; }
    public int Step { get; set; }
    public required string Actor { get; set; }
    public required string Reason { get; set; }
}

public sealed class AnalysisRunEntity
{
    public long Id { get; set; }
    public long DeploymentId { get; set; }
    public long StartedAtMs { get; set; }
    public long WindowFromMs { get; set; }
    public long WindowToMs { get; set; }
    public int Trigger { get; set; }

    /// <summary>Null when the run ended in an error instead of a verdict.</summary>
    public int? Verdict { get; set; }
    public double? Score { get; set; }

    /// <summary>Reasons and per-metric judgements (with each arm's measurements) as JSON.</summary>
    public required string Reasons { get; set; }
    public required string Metrics { get; set; }
    public string? Error { get; set; }

    /// <summary>The paired shadow comparison of a shadow (or pre-switch blue-green) run, as JSON; null otherwise.</summary>
    public string? Shadow { get; set; }
}

/// <summary>One change of a system's degree of automation: by a person with a reason, or by a critical alarm.</summary>
public sealed class AutomationChangeEntity
{
    public long Id { get; set; }
    public int SystemId { get; set; }
    public long AtMs { get; set; }
    public int From { get; set; }
    public int To { get; set; }
    public required string Actor { get; set; }
    public required string Reason { get; set; }

    /// <summary>The evidence shown when the degree was raised, as JSON; null for other changes.</summary>
    public string? Evidence { get; set; }
}
