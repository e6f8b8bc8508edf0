using System.Threading.Channels;
using System.Data.Common;
using MonitorHub.Infrastructure.Observability;
using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Infrastructure.Ingestion;

// The writer loop: drains the queue into group commits on the one connection, and completes each
// request only after its commit (or with the failure every waiting caller must hear about).
public sealed partial class IngestionWriter
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The writer's loop is synchronous SQLite work; keep it off the request threads.
        await Task.Yield();
        using var store = new SampleWriteStore(_provider, _provider == DatabaseProvider.PostgreSQL ? _database.ConnectionString! : _paths.ConnectionString, _clock, _limits);
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
            if (next is SampleRequest request)
            {
                reader.TryRead(out _);
                samples.Add(request);
                total += request.Batch.Count;
                continue;
            }

            // A request with a transaction of its own: the samples gathered before it commit first,
            // so requests are committed in the order they were queued.
            CommitSamples(samples, store);
            samples.Clear();
            total = 0;
            reader.TryRead(out _);
            if (next is MaintenanceRequest maintenance) RunMaintenance(maintenance, store);
            else CommitAtomic((AtomicRequest)next, store);
        }

        CommitSamples(samples, store);
    }

    private void CommitSamples(List<SampleRequest> requests, SampleWriteStore store)
    {
        if (requests.Count == 0) return;
        try
        {
            List<StoredSample> stored;
            using (_metrics?.CommitSeconds.Time())
            {
                stored = store.Write([.. requests.Select(r => r.Batch)], _feed.IsWatched);
            }

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

            Announce(store, stored);
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
            List<StoredSample>? stored;
            using (_metrics?.CommitSeconds.Time())
            {
                stored = store.Write([request.Batch], request.Alongside, _feed.IsWatched);
            }

            if (stored is null)
            {
                request.Completion.TrySetResult(false);
                return;
            }

            LastCommitAt = _clock.GetUtcNow();
            request.Completion.TrySetResult(true);
            Announce(store, stored);
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

    private void Announce(SampleWriteStore store, List<StoredSample> stored)
    {
        if (store.NewDefinitions.Count > 0) DefinitionsRegistered?.Invoke([.. store.NewDefinitions]);
        _feed.Publish(stored);
    }

    /// <summary>A store error (disk full, I/O) is the server's condition, not the client's: callers answer 503.</summary>
    private static Exception Unavailable(Exception ex) =>
        ex is DbException ? new StoreUnavailableException("The store could not commit (" + ex.Message + "); nothing of this request was stored.", ex) : ex;
}
