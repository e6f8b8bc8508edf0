using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using MonitorHub.Infrastructure;
using MonitorHub.Infrastructure.Cluster;
using MonitorHub.Infrastructure.Security;
using MonitorHub.Web.Features.Security;

namespace MonitorHub.Web.Hubs;

/// <summary>
/// Open hub connections and who opened them. A SignalR connection is authenticated once, when it
/// starts; this re-checks every connection on the revalidation interval and closes those whose user
/// was disabled or changed (security stamp) or whose API key was revoked — and at once when a user or key
/// changes on any node (the <see cref="CacheNames.Users"/> and <see cref="CacheNames.ApiKeys"/> invalidations).
/// </summary>
public sealed partial class LiveHubConnections : BackgroundService
{
    private readonly ConcurrentDictionary<string, HubCallerContext> _open = new(StringComparer.Ordinal);
    private readonly IServiceScopeFactory scopes;
    private readonly ApiKeyStore keys;
    private readonly IOptions<MonitorHubOptions> options;
    private readonly ILogger<LiveHubConnections> logger;

    public LiveHubConnections(
        IServiceScopeFactory scopes, ApiKeyStore keys, IOptions<MonitorHubOptions> options, ClusterInvalidations invalidations, ILogger<LiveHubConnections> logger)
    {
        this.scopes = scopes;
        this.keys = keys;
        this.options = options;
        this.logger = logger;
        invalidations.On(CacheNames.Users, RevalidateSoon);
        invalidations.On(CacheNames.ApiKeys, RevalidateSoon);
    }

    private void RevalidateSoon()
    {
        if (_open.IsEmpty) return;
        _ = Task.Run(async () =>
        {
            try
            {
                await RevalidateAsync(CancellationToken.None);
            }
#pragma warning disable CA1031 // As on the timer: the next tick tries again.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogFailed(ex);
            }
        });
    }

    public int Count => _open.Count;

    public void Add(HubCallerContext context) => _open[context.ConnectionId] = context;

    public void Remove(string connectionId) => _open.TryRemove(connectionId, out _);

    /// <summary>Checks every open connection now; returns how many were closed.</summary>
    public async Task<int> RevalidateAsync(CancellationToken cancellationToken)
    {
        var closed = 0;
        await using var scope = scopes.CreateAsyncScope();
        foreach (var (id, context) in _open)
        {
            var user = context.User;
            var valid = user is null ? false
                : user.FindFirst(Policies.KeyIdClaim)?.Value is { } keyId ? await keys.IsActiveAsync(keyId, cancellationToken)
                : await UserIsCurrent.CheckAsync(scope.ServiceProvider, user);
            if (valid) continue;
            LogClosing(id, user?.Identity?.Name);
            context.Abort();
            Remove(id);
            closed++;
        }

        return closed;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.Security.RevalidateSeconds));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await RevalidateAsync(stoppingToken);
                }
#pragma warning disable CA1031 // A failed pass (database busy) is retried on the next tick; the loop must live on.
                catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
                {
                    LogFailed(ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Revalidating hub connections failed; retrying on the next tick")]
    private partial void LogFailed(Exception exception);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Closing hub connection {ConnectionId} of {User}: its user or key is no longer valid")]
    private partial void LogClosing(string connectionId, string? user);
}
