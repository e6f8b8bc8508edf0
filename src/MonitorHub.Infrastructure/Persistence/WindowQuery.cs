using System.Data.Common;

namespace MonitorHub.Infrastructure.Persistence;

/// <summary>
/// The one way hand-written SQL reads the rows of one metric or model over a half-open window:
/// the statement names the key <c>@m</c> and the bounds <c>@a</c> (inclusive) and <c>@b</c>
/// (exclusive), in whatever unit its column holds (milliseconds, minutes). The parameters are bound
/// by bare name, so SQLite-only statements still written <c>$m</c> bind too.
/// </summary>
internal static class WindowQuery
{
    public static void Read(DbConnection connection, string sql, string key, long from, long to, Action<DbDataReader> row)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Add("m", key);
        command.Add("a", from);
        command.Add("b", to);
        using var reader = command.ExecuteReader();
        while (reader.Read()) row(reader);
    }
}
