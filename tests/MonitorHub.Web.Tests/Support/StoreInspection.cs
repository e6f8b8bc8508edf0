using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Web.Tests.Support;

/// <summary>What an app's store holds, looked at from outside the app, on either provider.</summary>
public static class StoreInspection
{
    /// <summary>Whether <paramref name="text"/> is anywhere in the stored data. On SQLite: the database file's
    /// and its WAL's bytes, freed pages included. On PostgreSQL: any row of any table, as text.</summary>
    public static bool Contains(IServiceProvider services, string text)
    {
        var store = services.GetRequiredService<StoreConnections>();
        if (store.Provider == DatabaseProvider.Sqlite)
        {
            var file = services.GetRequiredService<DataPaths>().DatabaseFile;
            SqliteConnection.ClearAllPools();
            var wal = File.Exists(file + "-wal") ? File.ReadAllBytes(file + "-wal") : [];
            return System.Text.Encoding.UTF8.GetString([.. File.ReadAllBytes(file), .. wal]).Contains(text, StringComparison.Ordinal);
        }

        using var connection = store.Open();
        foreach (var table in Tables(connection, store.Provider))
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT EXISTS (SELECT 1 FROM \"{table}\" AS r WHERE r::text LIKE '%' || @text || '%')";
            var parameter = command.CreateParameter();
            parameter.ParameterName = "text";
            parameter.Value = text;
            command.Parameters.Add(parameter);
            if ((bool)command.ExecuteScalar()!) return true;
        }

        return false;
    }

    /// <summary>The tables of the app's schema (EF's history table left out).</summary>
    public static IReadOnlyList<string> Tables(IServiceProvider services)
    {
        var store = services.GetRequiredService<StoreConnections>();
        using var connection = store.Open();
        return Tables(connection, store.Provider);
    }

    /// <summary>The row count of each of <paramref name="tables"/>, read in one statement (a test that compares
    /// them around thousands of requests would otherwise spend its time on round trips).</summary>
    public static Dictionary<string, long> RowCounts(IServiceProvider services, IReadOnlyList<string> tables)
    {
        using var connection = services.GetRequiredService<StoreConnections>().Open();
        using var count = connection.CreateCommand();
        count.CommandText = string.Join(" UNION ALL ", tables.Select(t => $"SELECT '{t}', COUNT(*) FROM \"{t}\""));
        using var reader = count.ExecuteReader();
        var counts = new Dictionary<string, long>();
        while (reader.Read()) counts[reader.GetString(0)] = reader.GetInt64(1);
        return counts;
    }

    private static List<string> Tables(DbConnection connection, DatabaseProvider provider)
    {
        using var list = connection.CreateCommand();
        list.CommandText = provider == DatabaseProvider.PostgreSQL
            ? "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT LIKE '\\_\\_EF%'"
            : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__EF%'";
        using var reader = list.ExecuteReader();
        var tables = new List<string>();
        while (reader.Read()) tables.Add(reader.GetString(0));
        return tables;
    }
}
