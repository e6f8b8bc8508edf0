using Npgsql;

namespace MonitorHub.Infrastructure.Persistence;

/// <summary>Which engine holds MonitorHub's store.</summary>
public enum DatabaseProvider
{
    /// <summary>One file in <see cref="MonitorHubOptions.DataDirectory"/>: the one-command default.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server named by <see cref="DatabaseOptions.ConnectionString"/>, for several nodes.</summary>
    PostgreSQL,
}

/// <summary>The <c>MonitorHub:Database</c> section.</summary>
public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>An Npgsql connection string; required for PostgreSQL. SQLite's file is always
    /// <c>monitorhub.db</c> in the data directory, so a connection string there is refused rather
    /// than silently ignored.</summary>
    public string? ConnectionString { get; set; }

    public const string ConnectionStringMessage =
        "MonitorHub:Database:ConnectionString is required when MonitorHub:Database:Provider is PostgreSQL and must be an Npgsql " +
        "connection string naming at least Host and Database, e.g. Host=db;Username=monitorhub;Password=...;Database=monitorhub; " +
        "with Provider Sqlite (the default) it must be empty: the SQLite file lives in MonitorHub:DataDirectory.";

    /// <summary>Whether the connection string fits the provider (see <see cref="ConnectionStringMessage"/>).</summary>
    public bool HasValidConnectionString()
    {
        if (Provider == DatabaseProvider.Sqlite) return string.IsNullOrWhiteSpace(ConnectionString);
        if (string.IsNullOrWhiteSpace(ConnectionString)) return false;
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
            return !string.IsNullOrWhiteSpace(builder.Host) && !string.IsNullOrWhiteSpace(builder.Database);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
