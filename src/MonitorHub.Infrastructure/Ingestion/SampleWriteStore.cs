using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Infrastructure.Ingestion;

/// <summary>How many series the writer lets exist (see <see cref="LimitsOptions"/>).</summary>
public sealed record SeriesLimits(int MaxPerMetric, int MaxTotal)
{
    public static readonly SeriesLimits Default = new(new LimitsOptions().MaxSeriesPerMetric, new LimitsOptions().MaxSeries);

    public static SeriesLimits From(LimitsOptions options) => new(options.MaxSeriesPerMetric, options.MaxSeries);
}

/// <summary>A sample as it was committed, with its series id, for the live feed.</summary>
public sealed record StoredSample(long SeriesId, string Metric, TagSet Tags, DateTimeOffset Timestamp, double Value);

/// <summary>
/// The SQL half of the single writer: owns one connection and its prepared statements, and caches
/// series ids, known metric keys and the rollups of recently touched minutes and hours. Only the writer
/// thread may use it. The caches mirror committed state; after a failed transaction they are
/// dropped and reloaded lazily, so a rollback can never leave them ahead of the database.
/// </summary>
/// <remarks>Split by concern: <c>.Series</c> (series cache and limits); the SQL is the provider's
/// <see cref="ISampleRows"/> (<see cref="SqliteSampleRows"/>, <see cref="PostgreSqlSampleRows"/>).
/// On PostgreSQL each node runs one of these: its caches hold what this node wrote or read, and
/// every statement tolerates rows another node wrote meanwhile.</remarks>
public sealed partial class SampleWriteStore : IDisposable
{
    private readonly ISampleRows _rows;
    private readonly TimeProvider _clock;
    private readonly SeriesLimits _limits;

    /// <summary>A writer on the SQLite file of <paramref name="connectionString"/>.</summary>
    public SampleWriteStore(string connectionString, TimeProvider clock, SeriesLimits? limits = null)
        : this(DatabaseProvider.Sqlite, connectionString, clock, limits)
    {
    }

    public SampleWriteStore(DatabaseProvider provider, string connectionString, TimeProvider clock, SeriesLimits? limits = null)
    {
        _clock = clock;
        _limits = limits ?? SeriesLimits.Default;
        _rows = provider == DatabaseProvider.PostgreSQL ? new PostgreSqlSampleRows(connectionString) : new SqliteSampleRows(connectionString);
    }

    /// <summary>Minutes whose rollups the writer holds in memory (for tests of the cache's bounds).</summary>
    internal int CachedRollups => _rows.CachedRollups;

    /// <summary>Hours whose rollups the writer holds in memory.</summary>
    internal int CachedHourlyRollups => _rows.CachedHourlyRollups;

    /// <summary>Five-minute periods whose rollups the writer holds in memory.</summary>
    internal int CachedFiveMinuteRollups => _rows.CachedFiveMinuteRollups;

    /// <summary>Metric keys first seen by the last successful <see cref="Write"/>.</summary>
    public List<string> NewDefinitions { get; } = [];

    /// <summary>Batches (by position) the last <see cref="Write"/> refused whole because they would
    /// have created series past a limit; the other batches of the group commit were stored.</summary>
    public Dictionary<int, SeriesLimitExceededException> Rejected { get; } = [];

    /// <summary>Commits all batches in one transaction (group commit).</summary>
    /// <param name="watched">Which metrics live subscribers want back as <see cref="StoredSample"/>s;
    /// null returns every sample. Unwatched samples cost no allocation here.</param>
    public List<StoredSample> Write(IEnumerable<PreparedBatch> batches, Func<string, bool>? watched = null) =>
        Write(batches, null, watched)!;

    /// <summary>Runs <paramref name="alongside"/> first in the same transaction (rows that belong with
    /// the samples, e.g. prediction logs); when it returns false everything is rolled back and null
    /// is returned.</summary>
    /// <exception cref="SeriesLimitExceededException">With <paramref name="alongside"/>: its batch would
    /// pass a series limit (nothing was written).</exception>
    public List<StoredSample>? Write(IEnumerable<PreparedBatch> batches, Func<SqlSession, bool>? alongside, Func<string, bool>? watched)
    {
        _rows.EnsureOpen();
        EnsureCachesLoaded();
        NewDefinitions.Clear();
        var all = batches as IReadOnlyList<PreparedBatch> ?? [.. batches];
        CheckLimits(all);
        // A batch committed with other rows must be stored whole or not at all.
        if (alongside is not null && Rejected.Count > 0) throw Rejected.Values.First();
        var stored = new List<StoredSample>();
        using var transaction = _rows.Connection.BeginTransaction();
        try
        {
            _rows.Begin(transaction);
            if (alongside is not null && !alongside(new SqlSession(_rows.Connection, transaction, _rows.Provider)))
            {
                transaction.Rollback();
                return null;
            }

            for (var b = 0; b < all.Count; b++)
            {
                if (Rejected.ContainsKey(b)) continue;
                var batch = all[b];
                var ids = batch.Series.Select(s => SeriesId(s.Metric, s.Tags, batch.Definitions)).ToArray();
                _rows.InsertSamples(batch, ids);
                foreach (var ((series, minute), partial) in batch.Partials)
                {
                    _rows.MergeRollup(ids[series], minute, partial);
                }

                var wanted = batch.Series.Select(x => watched?.Invoke(x.Metric) ?? true).ToArray();
                if (!wanted.Contains(true)) continue;
                for (var i = 0; i < batch.Count; i++)
                {
                    if (!wanted[batch.SeriesIndex[i]]) continue;
                    var sample = batch.Samples[i];
                    stored.Add(new StoredSample(ids[batch.SeriesIndex[i]], sample.Metric, sample.Tags, sample.Timestamp, sample.Value));
                }
            }

            _rows.FlushRollups();
            transaction.Commit();
        }
        catch
        {
            ResetCaches();
            throw;
        }

        _rows.AfterCommit(UnixTime.MinuteOf(_clock.GetUtcNow().ToUnixTimeMilliseconds()));
        return stored;
    }

    /// <summary>Convenience for callers holding plain samples (tests, bulk loads).</summary>
    public List<StoredSample> Write(IReadOnlyList<MetricSample> samples) => Write([new PreparedBatch(samples)]);

    /// <summary>Runs maintenance (retention) on the writer's connection, inside a transaction.</summary>
    public T Execute<T>(Func<SqlSession, T> work)
    {
        _rows.EnsureOpen();
        using var transaction = _rows.Connection.BeginTransaction();
        try
        {
            var result = work(new SqlSession(_rows.Connection, transaction, _rows.Provider));
            transaction.Commit();
            // Retention may have deleted cached rollups' rows; the cache reloads what it needs.
            _rows.ClearRollups();
            return result;
        }
        catch
        {
            ResetCaches();
            throw;
        }
    }

    public void Dispose()
    {
        _rows.Dispose();
    }

    /// <summary>Forgets series that maintenance deleted (retention of unused series).</summary>
    public void ForgetSeries() => ResetCaches();
}
