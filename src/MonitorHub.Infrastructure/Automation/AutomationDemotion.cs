using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MonitorHub.Core.Alarms;
using MonitorHub.Infrastructure.Alarms;
using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Infrastructure.Automation;

/// <summary>
/// Moves a system one degree of automation down when a critical alarm on one of its metrics fires
/// (<see cref="AutomationOptions.DemoteOnCritical"/>). It listens on the <see cref="AlarmFeed"/>, which every
/// alarm change already passes through, so rule evaluation pays nothing for it; the work is queued one batch
/// after another off the publisher's thread. The alarm is named in the history's reason, and a given alarm
/// demotes a system once however often it is republished.
/// </summary>
public sealed partial class AutomationDemotion(
    AlarmFeed feed, AutomationStore store, IDbContextFactory<MonitorHubDbContext> contexts, IOptions<MonitorHubOptions> options, ILogger<AutomationDemotion> logger)
    : IHostedService
{
    private readonly ILogger _logger = logger;
    private readonly Lock _gate = new();
    private Task _tail = Task.CompletedTask;

    /// <summary>Completes when every alarm batch published so far has been handled (for tests).</summary>
    public Task Idle
    {
        get
        {
            lock (_gate) return _tail;
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Alarms changed on this node only: the node whose evaluator fired the alarm demotes, once; the
        // same alarm relayed from another node (Redis) must not demote again on every node.
        if (options.Value.Automation.DemoteOnCritical) feed.ChangedHere += OnChanged;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        feed.ChangedHere -= OnChanged;
        return Task.CompletedTask;
    }

    private void OnChanged(IReadOnlyList<AlarmView> alarms)
    {
        var critical = alarms.Where(a => a is { Severity: Severity.Critical, State: AlarmState.Firing }).ToList();
        if (critical.Count == 0) return;
        lock (_gate) _tail = _tail.ContinueWith(_ => HandleAsync(critical), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
    }

    private async Task HandleAsync(List<AlarmView> alarms)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync();
            foreach (var alarm in alarms)
            {
                var systemId = await db.MetricDefinitions.AsNoTracking().Where(d => d.Key == alarm.Metric).Select(d => d.SystemId).SingleOrDefaultAsync();
                if (systemId is not { } id) continue;
                var reason = string.Create(CultureInfo.InvariantCulture,
                    $"Critical alarm '{alarm.RuleName}' (alarm {alarm.Id}) fired on {alarm.Metric}{(alarm.Tags.Count > 0 ? " {" + alarm.Tags.Key + "}" : "")}.");
                if (await store.DemoteAsync(id, alarm.Id, reason)) LogDemoted(id, alarm.Id);
            }
        }
#pragma warning disable CA1031 // A failed demotion must not stop later alarms from being handled; it is logged.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogFailed(ex);
        }
    }

    [LoggerMessage(EventId = 8101, Level = LogLevel.Warning, Message = "System {SystemId} moved one degree of automation down: critical alarm {AlarmId}")]
    private partial void LogDemoted(int systemId, long alarmId);

    [LoggerMessage(EventId = 8102, Level = LogLevel.Error, Message = "Demoting a system for a critical alarm failed")]
    private partial void LogFailed(Exception exception);
}
