using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Live;
using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Infrastructure.Ingestion;

public enum EnqueueResult
{
    Accepted,
    QueueFull,
}

/// <summary>
/// The one writer. Requests queue in a bounded channel; the writer drains as many as fit in one
/// transaction, commits, and only then completes each request's task — so an HTTP 202 means the
/// samples are durable. A full queue is reported to the caller (429), never absorbed by dropping.
/// </summary>
public sealed partial class IngestionWriter : BackgroundService
{
    private readonly Channel<WriteRequest> _queue;
    private readonly DataPaths _paths;
    private readonly LiveFeed _feed;
    private readonly TimeProvider _clock;
    private readonly ILogger<IngestionWriter> _logger;
    private DateTimeOffset _limitLoggedAt = DateTimeOffset.MinValue;
    private readonly int _maxSamplesPerCommit;
    private readonly SeriesLimits _limits;
    private TaskCompletionSource _resumed = CreateResumed();
    private volatile bool _stopping;

    public IngestionWriter(IOptions<MonitorHubOptions> options, DataPaths paths, LiveFeed feed, TimeProvider clock, ILogger<IngestionWriter> logger)
    {
        _paths = paths;
        _feed = feed;
        _clock = clock;
        _logger = logger;
        _maxSamplesPerCommit = options.Value.Ingestion.MaxSamplesPerCommit;
        _limits = SeriesLimits.From(options.Value.Limits);
        _queue = Channel.CreateBounded<WriteRequest>(new BoundedChannelOptions(options.Value.Ingestion.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public int QueueDepth => _queue.Reader.Count;
    public bool IsRunning { get; private set; }
    public DateTimeOffset? LastCommitAt { get; private set; }

    /// <summary>Raised after a commit that registered new (unclassified) metric keys.</summary>
    public event Action<IReadOnlyList<string>>? DefinitionsRegistered;

    /// <summary>Queues samples; the task completes after their commit. It faults with
    /// <see cref="SeriesLimitExceededException"/> or <see cref="StoreUnavailableException"/>.</summary>
    /// <exception cref="StoreUnavailableException">MonitorHub is shutting down.</exception>
    /// <param name="system">Metric keys this batch registers go into this system (a key bound to it pushed them).</param>
    public EnqueueResult TryEnqueue(IReadOnlyList<MetricSample> samples, out Task<int> committed, int? system = null)
    {
        // Partial rollups are computed here, on the caller's thread, to keep the writer lean.
        var request = new SampleRequest(new PreparedBatch(samples) { Definitions = system is { } s ? UnclassifiedIn(samples, s) : null });
        committed = request.Completion.Task;
        return Queue(request);
    }

    private static Dictionary<string, DefinitionTemplate> UnclassifiedIn(IReadOnlyList<MetricSample> samples, int system)
    {
        var templates = new Dictionary<string, DefinitionTemplate>(StringComparer.Ordinal);
        foreach (var sample in samples) templates.TryAdd(sample.Metric, new DefinitionTemplate(sample.Metric, MetricCategory.Unclassified, "", "", system));
        return templates;
    }

    private EnqueueResult Queue(WriteRequest request)
    {
        if (_queue.Writer.TryWrite(request)) return EnqueueResult.Accepted;
        if (_stopping) throw new StoreUnavailableException("MonitorHub is shutting down; nothing of this request was stored.");
        return EnqueueResult.QueueFull;
    }

    /// <summary>
    /// Commits <paramref name="alongside"/> (run first, on the writer's connection) and the batch's
    /// samples in one transaction, so rows such as prediction logs and the metrics derived from them
    /// are stored together or not at all. The task is false when <paramref name="alongside"/>
    /// returned false (nothing was committed; the caller re-checks and retries).
    /// </summary>
    public EnqueueResult TryEnqueue(PreparedBatch batch, Func<SqliteConnection, SqliteTransaction, bool> alongside, out Task<bool> committed)
    {
        var request = new AtomicRequest(batch, alongside);
        committed = request.Completion.Task;
        return Queue(request);
    }

    /// <summary>
    /// Writes samples a job derived (drift runs, detections) and waits for the commit. False when the
    /// queue is full: such samples are rewritten by the next run, so the caller does not retry.
    /// </summary>
    public async Task<bool> WriteDerivedAsync(PreparedBatch batch)
    {
        try
        {
            return TryEnqueue(batch, (_, _) => true, out var committed) == EnqueueResult.Accepted && await committed;
        }
        catch (Exception ex) when (ex is SeriesLimitExceededException or StoreUnavailableException)
        {
            LogDerivedRefused(ex.Message);
            return false;
        }
    }

    /// <summary>Runs work on the writer's connection between sample commits (retention, imports).</summary>
    /// <param name="forgetSeries">The work deleted series: the writer drops its cached series ids.</param>
    public async Task<T> RunAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work, CancellationToken cancellationToken, bool forgetSeries = false)
    {
        var request = new MaintenanceRequest((c, t) => work(c, t)!, forgetSeries);
        await _queue.Writer.WriteAsync(request, cancellationToken);
        return (T)await request.Completion.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Holds the writer (queued requests wait) until the returned handle is disposed. Used to
    /// take consistent file copies and, in tests, to force back-pressure.</summary>
    public IDisposable Pause()
    {
        var paused = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Exchange(ref _resumed, paused);
        return new Resumer(() => paused.TrySetResult());
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The writer's loop is synchronous SQLite work; keep it off the request threads.
        await Task.Yield();
        using var store = new SampleWriteStore(_paths.ConnectionString, _clock, _limits);
        IsRunning = true;
        try
        {
            var reader = _queue.Reader;
            while (await reader.WaitToReadAsync(stoppingToken))
            {
                await Volatile.Read(ref _resumed).Task.WaitAsync(stoppingToken);
                Drain(reader, store);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: new requests get 503, and everything already accepted into the queue is
            // committed — every batch, not one commit's worth — so no caller waits forever and no
            // request that got past the queue is lost. A pause (a backup in progress) no longer holds.
            _stopping = true;
            _queue.Writer.TryComplete();
            while (_queue.Reader.TryPeek(out _)) Drain(_queue.Reader, store);
            LogDrained();
        }
        finally
        {
            IsRunning = false;
        }
    }

    private void Drain(ChannelReader<WriteRequest> reader, SampleWriteStore store)
    {
        var samples = new List<SampleRequest>();
        var total = 0;
        while (total < _maxSamplesPerCommit && reader.TryPeek(out var next))
        {
            if (next is MaintenanceRequest maintenance)
            {
                CommitSamples(samples, store);
                samples.Clear();
                total = 0;
                reader.TryRead(out _);
                RunMaintenance(maintenance, store);
                continue;
            }

            if (next is AtomicRequest atomic)
            {
                CommitSamples(samples, store);
                samples.Clear();
                total = 0;
                reader.TryRead(out _);
                CommitAtomic(atomic, store);
                continue;
            }

            reader.TryRead(out _);
            var request = (SampleRequest)next;
            samples.Add(request);
            total += request.Batch.Count;
        }

        CommitSamples(samples, store);
    }

    private void CommitSamples(List<SampleRequest> requests, SampleWriteStore store)
    {
        if (requests.Count == 0) return;
        try
        {
            var stored = store.Write([.. requests.Select(r => r.Batch)], _feed.IsWatched);
            LastCommitAt = _clock.GetUtcNow();
            for (var i = 0; i < requests.Count; i++)
            {
                if (store.Rejected.TryGetValue(i, out var rejected))
                {
                    // At most one line a minute: a client sending unique tags must not flood the log too.
                    if (_clock.GetUtcNow() - _limitLoggedAt > TimeSpan.FromMinutes(1))
                    {
                        _limitLoggedAt = _clock.GetUtcNow();
                        LogSeriesLimit(rejected.Message);
                    }

                    requests[i].Completion.TrySetException(rejected);
                }
                else
                {
                    requests[i].Completion.TrySetResult(requests[i].Batch.Count);
                }
            }

            if (store.NewDefinitions.Count > 0) DefinitionsRegistered?.Invoke([.. store.NewDefinitions]);
            _feed.Publish(stored);
        }
#pragma warning disable CA1031 // Every waiting caller must hear about the failure; the writer itself carries on.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogCommitFailed(ex, requests.Count);
            var failure = Unavailable(ex);
            foreach (var request in requests) request.Completion.TrySetException(failure);
        }
    }

    private void CommitAtomic(AtomicRequest request, SampleWriteStore store)
    {
        try
        {
            var stored = store.Write([request.Batch], request.Alongside, _feed.IsWatched);
            if (stored is null)
            {
                request.Completion.TrySetResult(false);
                return;
            }

            LastCommitAt = _clock.GetUtcNow();
            request.Completion.TrySetResult(true);
            if (store.NewDefinitions.Count > 0) DefinitionsRegistered?.Invoke([.. store.NewDefinitions]);
            _feed.Publish(stored);
        }
#pragma warning disable CA1031 // Reported to the caller, which owns the failure; the writer carries on.
        catch (SeriesLimitExceededException ex)
        {
            request.Completion.TrySetException(ex);
        }
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogCommitFailed(ex, 1);
            request.Completion.TrySetException(Unavailable(ex));
        }
    }

    private void RunMaintenance(MaintenanceRequest request, SampleWriteStore store)
    {
        try
        {
            var result = store.Execute(request.Work);
            if (request.ForgetSeries) store.ForgetSeries();
            request.Completion.TrySetResult(result);
        }
#pragma warning disable CA1031 // Reported to the caller, which owns the failure.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            request.Completion.TrySetException(ex);
        }
    }

    /// <summary>A store error (disk full, I/O) is the server's condition, not the client's: callers answer 503.</summary>
    private static Exception Unavailable(Exception ex) =>
        ex is SqliteException ? new StoreUnavailableException("The store could not commit (" + ex.Message + "); nothing of this request was stored.", ex) : ex;

    private static TaskCompletionSource CreateResumed()
    {
        var resumed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        resumed.SetResult();
        return resumed;
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Error, Message = "Committing {Requests} ingestion request(s) failed")]
    private partial void LogCommitFailed(Exception exception, int requests);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Samples derived by a job were not stored: {Reason}")]
    private partial void LogDerivedRefused(string reason);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "A batch was rejected whole: {Reason}")]
    private partial void LogSeriesLimit(string reason);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Ingestion writer stopped after committing every queued request")]
    private partial void LogDrained();

    private abstract record WriteRequest;

    private sealed record SampleRequest(PreparedBatch Batch) : WriteRequest
    {
        public TaskCompletionSource<int> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed record AtomicRequest(PreparedBatch Batch, Func<SqliteConnection, SqliteTransaction, bool> Alongside) : WriteRequest
    {
        public TaskCompletionSource<bool> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed record MaintenanceRequest(Func<SqliteConnection, SqliteTransaction, object> Work, bool ForgetSeries) : WriteRequest
    {
        public TaskCompletionSource<object> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class Resumer(Action resume) : IDisposable
    {
        public void Dispose() => resume();
    }
}
