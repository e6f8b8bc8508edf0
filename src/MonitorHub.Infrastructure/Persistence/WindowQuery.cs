using Microsoft.Data.Sqlite;

namespace MonitorHub.Infrastructure.Persistence;

/// <summary>
/// The one way hand-written SQL reads the rows of one metric or model over a half-open window:
/// the statement names the key <c>$m</c> and the bounds <c>$a</c> (inclusive) and <c>$b</c>
/// (exclusive), in whatever unit its column holds (milliseconds, minutes).
/// </summary>
internal static class WindowQuery
{
    public static void Read(SqliteConnection connection, string sql, string key, long from, long to, Action<SqliteDataReader> row)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$m", key);
        command.Parameters.AddWithValue("$a", from);
        command.Parameters.AddWithValue("$b", to);
        using var reader = command.ExecuteReader();
        while (reader.Read()) row(reader);
    }
}
