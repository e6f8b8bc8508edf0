using Hangfire.Common;
using Hangfire.Server;
using Hangfire.Storage;

namespace MonitorHub.Infrastructure.Jobs;

/// <summary>
/// For recurring jobs that re-run on a short schedule: if the previous run still holds the job's lock,
/// this run is skipped at once instead of waiting for the lock. Waiting (Hangfire's
/// DisableConcurrentExecution) ties up one of the few workers on a busy machine and keeps it from
/// noticing shutdown; the next tick runs the job anyway, so nothing is lost by skipping.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SkipWhenRunningAttribute : JobFilterAttribute, IServerFilter
{
    private const string LockKey = "skip-when-running-lock";

    public void OnPerforming(PerformingContext context)
    {
        var resource = $"monitorhub:{context.BackgroundJob.Job.Type.Name}.{context.BackgroundJob.Job.Method.Name}";
        if (JobLocks.For(context.Storage) is { } tryAcquire)
        {
            if (tryAcquire(resource) is { } held) context.Items[LockKey] = held;
            else context.Canceled = true;
            return;
        }

        try
        {
            context.Items[LockKey] = context.Connection.AcquireDistributedLock(resource, TimeSpan.Zero);
        }
        catch (DistributedLockTimeoutException)
        {
            context.Canceled = true;
        }
    }

    public void OnPerformed(PerformedContext context)
    {
        if (context.Items.TryGetValue(LockKey, out var held) && held is IDisposable handle) handle.Dispose();
    }
}
