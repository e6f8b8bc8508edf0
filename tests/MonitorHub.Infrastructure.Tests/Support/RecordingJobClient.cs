using System.Collections.Concurrent;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;

namespace MonitorHub.Infrastructure.Tests.Support;

/// <summary>Hangfire's client without a server: records the jobs stores schedule (a notification's delivery)
/// so a test can see them, and runs none.</summary>
public sealed class RecordingJobClient : IBackgroundJobClient
{
    public ConcurrentQueue<Job> Jobs { get; } = new();

    public string Create(Job job, IState state)
    {
        Jobs.Enqueue(job);
        return Jobs.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public bool ChangeState(string jobId, IState state, string expectedState) => true;
}
