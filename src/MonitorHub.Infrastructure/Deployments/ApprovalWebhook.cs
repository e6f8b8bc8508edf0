using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using MonitorHub.Core.Deployments;
using MonitorHub.Infrastructure.Alarms;

namespace MonitorHub.Infrastructure.Deployments;

/// <summary>
/// Flagger's confirm-promotion gate: an approval step with a webhook is asked on every controller tick
/// while the rollout waits on it, and a 2xx answer approves it like an Editor's promote. Sent through
/// the notifications' client, so the same outbound policy applies (private targets refused unless
/// allowed, no redirects followed, nothing logged — a webhook URL may carry a token) and signed like a
/// webhook channel's notifications (<see cref="WebhookSignature"/>), with the deployment's own secret.
/// </summary>
public sealed partial class ApprovalWebhook(IHttpClientFactory clients, TimeProvider clock, ILogger<ApprovalWebhook> logger)
{
    public const string Actor = "webhook";

    private readonly ILogger _logger = logger;

    /// <summary>The approval's reason when the webhook answered 2xx; null when it refused or failed.</summary>
    /// <param name="secret">Signs the call; null (a deployment created before webhooks were signed) sends it unsigned.</param>
    public async Task<string?> AskAsync(Deployment d, string url, string? secret, CancellationToken cancellationToken)
    {
        using var client = clients.CreateClient(NotificationDelivery.HttpClientName);
        var payload = new
        {
            deploymentId = d.Id, model = d.Spec.Model, baseline = d.Spec.Baseline, candidate = d.Spec.Candidate, step = d.CurrentStep, weight = d.Weight,
        };
        try
        {
            var body = JsonSerializer.Serialize(payload);
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            if (secret is not null) WebhookSignature.Add(request.Headers, secret, body, clock.GetUtcNow());
            using var response = await client.SendAsync(request, cancellationToken);
            var status = (int)response.StatusCode;
            if (status is >= 200 and < 300) return string.Create(CultureInfo.InvariantCulture, $"Step {d.CurrentStep}: approval webhook answered {status}.");
            LogRefused(d.Id, status);
            return null;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogFailed(d.Id, ex.GetType().Name);
            return null;
        }
    }

    [LoggerMessage(EventId = 8010, Level = LogLevel.Information, Message = "Deployment {DeploymentId}: approval webhook answered {Status}; still waiting")]
    private partial void LogRefused(long deploymentId, int status);

    [LoggerMessage(EventId = 8011, Level = LogLevel.Warning, Message = "Deployment {DeploymentId}: approval webhook unreachable ({Error}); asked again next tick")]
    private partial void LogFailed(long deploymentId, string error);
}
