using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Infrastructure.Ingestion;

// What the queue carries: each kind of request with the task its caller waits on.
public sealed partial class IngestionWriter
{
    private abstract record WriteRequest;

    private sealed record SampleRequest(PreparedBatch Batch) : WriteRequest
    {
        public TaskCompletionSource<int> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed record AtomicRequest(PreparedBatch Batch, Func<SqlSession, bool> Alongside) : WriteRequest
    {
        public TaskCompletionSource<bool> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed record MaintenanceRequest(Func<SqlSession, object> Work, bool ForgetSeries) : WriteRequest
    {
        public TaskCompletionSource<object> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class Resumer(Action resume) : IDisposable
    {
        public void Dispose() => resume();
    }
}
