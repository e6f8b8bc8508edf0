namespace MonitorHub.Infrastructure.Jobs;

/// <summary>How a recurring job reports a failed run: logged by the job under its own event id, saying
/// what the failure means (what is not happening, when it is tried again), then rethrown so that
/// Hangfire records the run as failed. Cancellation is shutdown, not failure, and is not logged.</summary>
internal static class JobRun
{
    public static async Task<T> LoggingFailureAsync<T>(Func<Task<T>> work, Action<Exception> logFailed)
    {
        try
        {
            return await work();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logFailed(ex);
            throw;
        }
    }
}
