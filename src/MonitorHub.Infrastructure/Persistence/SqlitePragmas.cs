using Microsoft.Data.Sqlite;

namespace MonitorHub.Infrastructure.Persistence;

/// <summary>
/// The pragmas every MonitorHub connection runs with. WAL lets charts read while the writer
/// commits; synchronous=NORMAL in WAL mode survives a process crash (kill -9) without losing a
/// committed transaction — only an OS crash or power loss can drop the last commits.
/// </summary>
public static class SqlitePragmas
{
    public const string Sql = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000; PRAGMA temp_store=MEMORY; " +
        "PRAGMA cache_size=-65536;";

    public static void Apply(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Sql;
        command.ExecuteNonQuery();
    }

    public static SqliteConnection Open(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        Apply(connection);
        return connection;
    }
}
