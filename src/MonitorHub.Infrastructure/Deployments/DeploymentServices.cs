using Microsoft.Extensions.DependencyInjection;
using MonitorHub.Core.Deployments;
using MonitorHub.Infrastructure.Jobs;

namespace MonitorHub.Infrastructure.Deployments;

public static class DeploymentServices
{
    /// <summary>Model versions, deployments, the in-memory router and the rollout controller.</summary>
    public static IServiceCollection AddDeployments(this IServiceCollection services)
    {
        services.AddSingleton<ModelVersionStore>();
        services.AddSingleton<DeploymentFeed>();
        services.AddSingleton<DeploymentStore>();
        services.AddSingleton<DeploymentRouter>();
        services.AddSingleton<ArmGathering>();
        services.AddSingleton<PairedPredictions>();
        services.AddSingleton<JudgeFunction>(Judge.Evaluate);
        services.AddSingleton<ApprovalWebhook>();
        services.AddSingleton<DeploymentController>();
        services.AddTransient<DeploymentJob>();
        return services;
    }
}
