using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MonitorHub.Core.Metrics;
using MonitorHub.Core.Metrics.Interop;
using MonitorHub.Infrastructure.Live;
using MonitorHub.Infrastructure.Observability;
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
/// On SQLite it is the store's only writer; on PostgreSQL each node runs one (<see cref="PostgreSqlSampleRows"/>).
/// </summary>
public sealed partial class IngestionWriter : BackgroundService
{
    private readonly Channel<WriteRequest> _queue;
    private readonly DataPaths _paths;
    private readonly LiveFeed _feed;
    private readonly TimeProvider _clock;
    private readonly ILogger<IngestionWriter> _logger;
    private readonly ServiceMetrics? _metrics;
    private DateTimeOffset _limitLoggedAt = DateTimeOffset.MinValue;
    private readonly int _maxSamplesPerCommit;
    private readonly SeriesLimits _limits;
    private readonly DatabaseProvider _provider;
    private readonly DatabaseOptions _database;
    private TaskCompletionSource _resumed = CreateResumed();
    private volatile bool _stopping;

    public IngestionWriter(IOptions<MonitorHubOptions> options, DataPaths paths, LiveFeed feed, TimeProvider clock, ILogger<IngestionWriter> logger, ServiceMetrics? metrics = null)
    {
        _metrics = metrics;
        _paths = paths;
        _feed = feed;
        _clock = clock;
        _logger = logger;
        _maxSamplesPerCommit = options.Value.Ingestion.MaxSamplesPerCommit;
        _limits = SeriesLimits.From(options.Value.Limits);
        _provider = options.Value.Database.Provider;
        _database = options.Value.Database;
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
    /// <param name="sketches">Histograms to merge into the rollups (see <see cref="SketchSample"/>).</param>
    /// <param name="component">With <paramref name="system"/>: the component new metric keys are registered in.</param>
    public EnqueueResult TryEnqueue(IReadOnlyList<MetricSample> samples, out Task<int> committed, int? system = null, IReadOnlyList<SketchSample>? sketches = null, int? component = null)
    {
        // Partial rollups are computed here, on the caller's thread, to keep the writer lean.
        var definitions = system is { } s ? UnclassifiedIn(samples.Select(x => x.Metric).Concat(sketches?.Select(x => x.Metric) ?? []), s, component) : null;
        var request = new SampleRequest(new PreparedBatch(samples, sketches) { Definitions = definitions });
        committed = request.Completion.Task;
        return Queue(request);
    }

    private static Dictionary<string, DefinitionTemplate> UnclassifiedIn(IEnumerable<string> metrics, int system, int? component)
    {
        var templates = new Dictionary<string, DefinitionTemplate>(StringComparer.Ordinal);
        foreach (var metric in metrics) templates.TryAdd(metric, new DefinitionTemplate(metric, MetricCategory.Unclassified, "", "", system, component));
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
    public EnqueueResult TryEnqueue(PreparedBatch batch, Func<SqlSession, bool> alongside, out Task<bool> committed)
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
            return TryEnqueue(batch, _ => true, out var committed) == EnqueueResult.Accepted && await committed;
        }
        catch (Exception ex) when (ex is SeriesLimitExceededException or StoreUnavailableException)
        {
            LogDerivedRefused(ex.Message);
            return false;
        }
    }

    /// <summary>Runs work on the writer's connection between sample commits (retention, imports).</summary>
    /// <param name="forgetSeries">The work deleted series: the writer drops its cached series ids.</param>
    public async Task<T> RunAsync<T>(Func<SqlSession, T> work, CancellationToken cancellationToken, bool forgetSeries = false)
    {
        var request = new MaintenanceRequest(session => work(session)!, forgetSeries);
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
}
