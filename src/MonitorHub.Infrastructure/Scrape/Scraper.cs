using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MonitorHub.Core.Metrics.Scrape;

namespace MonitorHub.Infrastructure.Scrape;

/// <summary>
/// Runs scrapes on time. A hosted service rather than a Hangfire recurring job: Hangfire's cron has
/// minute resolution and a 5 s interval must hold to within the tick. It wakes at the next due time
/// (at most a second away, so new targets start promptly), starts each due target's scrape without
/// waiting for the others, and never runs two scrapes of one target at once — a scrape still running
/// at its next due time skips that turn. Time comes from the injected clock, so tests drive it.
/// </summary>
public sealed partial class Scraper(ScrapeTargetStore store, ScrapeService scrapes, IOptions<MonitorHubOptions> options, TimeProvider clock, ILogger<Scraper> logger)
    : BackgroundService
{
    private static readonly TimeSpan MaxSleep = TimeSpan.FromSeconds(1);
    private readonly ScrapeSchedule _schedule = new();
    private readonly Dictionary<int, (long Version, CounterState State)> _states = [];
    private readonly Dictionary<int, Task> _running = [];
    private IReadOnlyList<ScrapeJob>? _jobs;
    private volatile bool _stale = true;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Scrape.Enabled) return;
        store.Changed += OnChanged;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await TickAsync(stoppingToken);
                var wait = _schedule.NextDue is { } next ? next - clock.GetUtcNow() : MaxSleep;
                await Task.Delay(wait < TimeSpan.Zero ? TimeSpan.Zero : wait > MaxSleep ? MaxSleep : wait, clock, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down; scrapes in flight end with the token.
        }
        finally
        {
            store.Changed -= OnChanged;
            await Task.WhenAll(_running.Values).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>Starts every due scrape; returns once they are started (tests await <see cref="RunningAsync"/>).</summary>
    public async Task TickAsync(CancellationToken cancellationToken)
    {
        if (_stale || _jobs is null)
        {
            _stale = false;
            _jobs = await store.JobsAsync(cancellationToken);
        }

        foreach (var done in _running.Where(r => r.Value.IsCompleted).Select(r => r.Key).ToList()) _running.Remove(done);
        var byId = _jobs.ToDictionary(j => j.Target.Id);
        foreach (var gone in _states.Keys.Where(id => !byId.ContainsKey(id)).ToList()) _states.Remove(gone);

        var due = _schedule.TakeDue(_jobs.Select(j => (j.Target.Id, TimeSpan.FromSeconds(j.Target.IntervalSeconds), j.UpdatedAtMs)), clock.GetUtcNow());
        foreach (var id in due)
        {
            if (_running.ContainsKey(id)) continue;
            var job = byId[id];
            // An edited target starts its counters over: its allowlist or tags may have changed.
            if (!_states.TryGetValue(id, out var state) || state.Version != job.UpdatedAtMs) _states[id] = state = (job.UpdatedAtMs, new CounterState());
            _running[id] = RunAsync(job, state.State, cancellationToken);
        }
    }

    public Task RunningAsync() => Task.WhenAll(_running.Values);

    private async Task RunAsync(ScrapeJob job, CounterState state, CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            await scrapes.ScrapeAsync(job, state, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // One target's failure (its row deleted meanwhile, the database busy) must not stop the others.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogScrapeCrashed(ex, job.Target.Id);
        }
    }

    private void OnChanged() => _stale = true;

    [LoggerMessage(EventId = 8202, Level = LogLevel.Error, Message = "Scraping target {TargetId} failed unexpectedly")]
    private partial void LogScrapeCrashed(Exception exception, int targetId);
}
