using Microsoft.Data.Sqlite;

namespace MonitorHub.Infrastructure.Persistence;

/// <summary>
/// The pragmas every MonitorHub connection runs with. WAL lets charts read while the writer
/// commits; synchronous=NORMAL in WAL mode survives a process crash (kill -9) without losing a
/// committed transaction — only an OS crash or power loss can drop the last commits.
/// The page cache is per connection and stays resident once filled: 16 MB holds the writer's hot
/// set (the newest index leaf of each of thousands of series and the current minute's rollups);
/// colder pages come from the OS cache. At 64 MB the soak benchmark's RSS was still climbing
/// after ten minutes. With readers always open (live charts, rules) the WAL cannot restart from
/// its beginning for a while and grew to 165 MB in the soak; journal_size_limit truncates it back
/// to 64 MB once a checkpoint lets it restart.
/// </summary>
public static class SqlitePragmas
{
    public const string Sql = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000; PRAGMA temp_store=MEMORY; " +
        "PRAGMA cache_size=-16384; PRAGMA journal_size_limit=67108864;";

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
