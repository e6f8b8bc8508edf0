using System.Data.Common;
using MonitorHub.Core.Sketches;
using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Infrastructure.Ingestion;

/// <summary>
/// The SQL a <see cref="SampleWriteStore"/> speaks, one implementation per provider: SQLite's single
/// writer (prepared per-row statements, rollups merged in an in-process cache) and PostgreSQL's
/// writers, one per node (binary COPY, <c>ON CONFLICT</c>, rollups merged under row locks). The store
/// above it keeps what is the same for both: the series cache, the limits, the transaction.
/// </summary>
internal interface ISampleRows : IDisposable
{
    DbConnection Connection { get; }
    DatabaseProvider Provider { get; }

    /// <summary>Before a commit: reopens a connection the server dropped (a restart, a failover, a terminated
    /// backend), so the writer recovers once the database answers again. Throws the provider's
    /// <see cref="DbException"/> while it does not (the request fails as unavailable, 503).</summary>
    void EnsureOpen();

    /// <summary>Enlists the statements in the commit's transaction.</summary>
    void Begin(DbTransaction transaction);

    void InsertSamples(PreparedBatch batch, long[] seriesIds);

    /// <summary>The series' id, created if no writer has created it yet.</summary>
    long InsertSeries(string metric, string tagsKey);

    /// <summary>True when this call created the definition (it was new to the store).</summary>
    bool InsertDefinition(string metric, DefinitionTemplate? template, long nowMs);

    /// <summary>Adds a minute's partial to every tier of the commit (minutes, five minutes, hours).</summary>
    void MergeRollup(long seriesId, long minute, DDSketch partial);

    /// <summary>Writes the tiers the commit touched; runs last, just before the commit.</summary>
    void FlushRollups();

    /// <summary>After a commit: bounds what is cached.</summary>
    void AfterCommit(long nowMinute);

    /// <summary>After a rollback or maintenance: nothing cached can be trusted.</summary>
    void ClearRollups();

    int CachedRollups { get; }
    int CachedHourlyRollups { get; }
    int CachedFiveMinuteRollups { get; }
}
