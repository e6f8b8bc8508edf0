using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MonitorHub.Infrastructure.Persistence;

/// <summary>
/// Opens connections for hand-written reads on whichever provider the store uses: the SQLite file
/// (pooled by Microsoft.Data.Sqlite) or PostgreSQL through one <see cref="NpgsqlDataSource"/>, the
/// pool Npgsql recommends sharing. Readers take this instead of <see cref="DataPaths"/>, so their
/// SQL is the only thing that differs by provider.
/// </summary>
public sealed class StoreConnections : IDisposable
{
    private readonly string _sqlite;
    private readonly NpgsqlDataSource? _postgres;

    public StoreConnections(IOptions<MonitorHubOptions> options, DataPaths paths)
    {
        var database = options.Value.Database;
        Provider = database.Provider;
        _sqlite = paths.ConnectionString;
        if (Provider == DatabaseProvider.PostgreSQL) _postgres = NpgsqlDataSource.Create(database.ConnectionString!);
    }

    public DatabaseProvider Provider { get; }

    /// <summary>An open connection; the caller disposes it.</summary>
    public DbConnection Open()
    {
        if (_postgres is not null) return _postgres.OpenConnection();
        var connection = new SqliteConnection(_sqlite);
        connection.Open();
        return connection;
    }

    /// <summary>An open connection, opened asynchronously (a PostgreSQL server that does not answer can be
    /// given up on through <paramref name="cancellationToken"/>); the caller disposes it.</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (_postgres is not null) return await _postgres.OpenConnectionAsync(cancellationToken);
        var connection = new SqliteConnection(_sqlite);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    /// <summary>The text of <paramref name="sql"/> for this store's provider.</summary>
    public string Sql(DialectSql sql) => Provider == DatabaseProvider.PostgreSQL ? sql.PostgreSql : sql.Sqlite;

    public void Dispose() => _postgres?.Dispose();
}
