using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace MonitorHub.Infrastructure.Cluster;

/// <summary>Readiness (tag <c>ready</c>): a node that cannot reach Redis would miss other nodes' samples,
/// alarms and invalidations, so a load balancer should stop sending it users.</summary>
public sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public const string Name = "redis";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var latency = await redis.GetDatabase().PingAsync().WaitAsync(cancellationToken);
            return HealthCheckResult.Healthy($"Redis answered in {latency.TotalMilliseconds:0.#} ms.");
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("Redis is not reachable.", ex);
        }
    }
}
