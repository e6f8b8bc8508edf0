using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using MonitorHub.Infrastructure.Persistence;
using MonitorHub.Infrastructure.Security;

namespace MonitorHub.Infrastructure.Ops;

public sealed record BackupInfo(string File, long Bytes, DateTimeOffset CreatedAt);

/// <summary>
/// Consistent copies of the store while MonitorHub runs: SQLite's <c>VACUUM INTO</c> reads one snapshot
/// of the database in a read transaction (WAL lets the writer carry on meanwhile) and writes a compact
/// copy. The redaction key is copied beside it: without it, hashed tag values in the copy could not be
/// matched with new ones after a restore. The Hangfire store holds scheduling state only and is not copied.
/// On PostgreSQL backups are the database server's business (<c>pg_dump</c>, continuous archiving and
/// point-in-time recovery), not a file one node could write: <see cref="Supported"/> is false there.
/// </summary>
public sealed partial class BackupService(DataPaths paths, StoreConnections connections, AuditLog audit, TimeProvider clock, ILogger<BackupService> logger)
{
    public const string NotSupportedMessage =
        "Backups of a PostgreSQL store are taken by the database server: use pg_dump, or continuous archiving with " +
        "point-in-time recovery. MonitorHub writes backup files only for its SQLite store.";

    /// <summary>Whether this store is backed up by MonitorHub (SQLite) rather than by its server (PostgreSQL).</summary>
    public bool Supported => connections.Provider == DatabaseProvider.Sqlite;

    public const int Keep = 10;
    private readonly SemaphoreSlim _one = new(1, 1);

    public string Directory => Path.Combine(paths.DataDirectory, "backups");

    public async Task<BackupInfo> CreateAsync(string actor, CancellationToken cancellationToken = default)
    {
        if (!Supported) throw new NotSupportedException(NotSupportedMessage);
        await _one.WaitAsync(cancellationToken);
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            var now = clock.GetUtcNow();
            var name = $"monitorhub-{now.UtcDateTime.ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture)}.db";
            var file = Path.Combine(Directory, name);
            var watch = Stopwatch.StartNew();
            await Task.Run(() =>
            {
                using var connection = new SqliteConnection(paths.ConnectionString);
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "VACUUM INTO @file";
                command.Parameters.AddWithValue("file", file);
                command.CommandTimeout = 0;
                command.ExecuteNonQuery();
            }, cancellationToken);
            var key = Path.Combine(paths.DataDirectory, "redaction.key");
            if (File.Exists(key)) File.Copy(key, Path.ChangeExtension(file, ".redaction.key"));
            var info = new BackupInfo(name, new FileInfo(file).Length, now);
            await audit.RecordAsync(actor, "backup", "database", name, null, info, cancellationToken);
            LogBackup(name, info.Bytes, watch.ElapsedMilliseconds);
            Prune();
            return info;
        }
        finally
        {
            _one.Release();
        }
    }

    public IReadOnlyList<BackupInfo> List() =>
        !System.IO.Directory.Exists(Directory) ? [] :
        [.. new DirectoryInfo(Directory).GetFiles("monitorhub-*.db").OrderByDescending(f => f.Name)
            .Select(f => new BackupInfo(f.Name, f.Length, new DateTimeOffset(f.LastWriteTimeUtc, TimeSpan.Zero)))];

    /// <summary>The newest <see cref="Keep"/> backups stay; older ones (and their keys) are deleted.</summary>
    private void Prune()
    {
        foreach (var old in List().Skip(Keep))
        {
            File.Delete(Path.Combine(Directory, old.File));
            File.Delete(Path.ChangeExtension(Path.Combine(Directory, old.File), ".redaction.key"));
        }
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Backup {File} written: {Bytes} bytes in {Milliseconds} ms")]
    private partial void LogBackup(string file, long bytes, long milliseconds);
}
