using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace MonitorHub.Infrastructure.Persistence;

/// <summary>
/// Copies a SQLite store, table by table, into an empty PostgreSQL database (the command
/// <c>--migrate-sqlite-to FILE</c>). The tables and columns come from the one EF model both schemas
/// are generated from, so nothing here lists them by hand: parents before children (foreign keys),
/// rows by binary <c>COPY</c>, then every identity sequence moved past the copied ids so the next
/// insert on PostgreSQL does not collide. One transaction: a failed copy leaves the target empty.
/// </summary>
public static class SqliteToPostgreSql
{
    public sealed record Result(IReadOnlyList<(string Table, long Rows)> Tables, TimeSpan Took);

    /// <summary>Thrown, before anything is written, when the target already holds data.</summary>
    public sealed class TargetNotEmptyException(string table) : Exception(
        $"The PostgreSQL database already holds data (table \"{table}\" has rows). Migrate into a new, empty database, before any node has started on it.")
    {
        public string Table { get; } = table;
    }

    /// <param name="sqliteConnectionString">The source store, already at the current migration.</param>
    /// <param name="postgreSqlConnectionString">The target database; it must exist (createdb) and be empty.</param>
    public static Result Run(string sqliteConnectionString, string postgreSqlConnectionString, TextWriter log)
    {
        var watch = Stopwatch.StartNew();
        var options = new DbContextOptionsBuilder<MonitorHubDbContext>()
            .UseNpgsql(postgreSqlConnectionString, o => o.MigrationsAssembly(DatabaseSetup.PostgreSqlMigrationsAssembly)).Options;
        using (var context = new MonitorHubDbContext(options))
        {
            DatabaseSetup.MigratePostgreSql(context, postgreSqlConnectionString);
        }

        IReadOnlyList<ITable> tables;
        using (var context = new MonitorHubDbContext(options)) tables = ParentsFirst(context.Model.GetRelationalModel().Tables);

        using var source = new SqliteConnection(sqliteConnectionString);
        source.Open();
        using var target = new NpgsqlConnection(postgreSqlConnectionString);
        target.Open();
        foreach (var table in tables)
        {
            if (Scalar(target, $"SELECT EXISTS (SELECT 1 FROM {Quote(table.Name)})") is true) throw new TargetNotEmptyException(table.Name);
        }

        using var transaction = target.BeginTransaction();
        var copied = new List<(string, long)>();
        foreach (var table in tables)
        {
            var rows = Copy(source, target, table);
            copied.Add((table.Name, rows));
            log.WriteLine($"  {table.Name}: {rows:N0} rows");
        }

        foreach (var table in tables) MoveSequencesPastCopiedIds(target, table);
        transaction.Commit();
        return new Result(copied, watch.Elapsed);
    }

    private static long Copy(SqliteConnection source, NpgsqlConnection target, ITable table)
    {
        var columns = table.Columns.ToList();
        var names = string.Join(", ", columns.Select(c => Quote(c.Name)));
        using var read = source.CreateCommand();
        read.CommandText = $"SELECT {names} FROM {Quote(table.Name)}";
        using var reader = read.ExecuteReader();
        using var writer = target.BeginBinaryImport($"COPY {Quote(table.Name)} ({names}) FROM STDIN (FORMAT BINARY)");
        var readers = columns.Select(c => ValueReader(c.ProviderClrType)).ToArray();
        long rows = 0;
        while (reader.Read())
        {
            writer.StartRow();
            for (var i = 0; i < readers.Length; i++)
            {
                if (reader.IsDBNull(i)) writer.WriteNull();
                else writer.Write(readers[i](reader, i));
            }

            rows++;
        }

        writer.Complete();
        return rows;
    }

    /// <summary>Reads a SQLite value as the CLR type the PostgreSQL column takes (SQLite keeps integers
    /// as 64-bit, times and ids as text): binary COPY needs the exact type of each column.</summary>
    private static Func<DbDataReader, int, object> ValueReader(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(int)) return (r, i) => r.GetInt32(i);
        if (type == typeof(long)) return (r, i) => r.GetInt64(i);
        if (type == typeof(short)) return (r, i) => r.GetInt16(i);
        if (type == typeof(bool)) return (r, i) => r.GetBoolean(i);
        if (type == typeof(double)) return (r, i) => r.GetDouble(i);
        if (type == typeof(float)) return (r, i) => r.GetFloat(i);
        if (type == typeof(decimal)) return (r, i) => r.GetDecimal(i);
        if (type == typeof(string)) return (r, i) => r.GetString(i);
        if (type == typeof(byte[])) return (r, i) => r.GetFieldValue<byte[]>(i);
        if (type == typeof(Guid)) return (r, i) => r.GetGuid(i);
        // timestamptz takes UTC only.
        if (type == typeof(DateTimeOffset)) return (r, i) => r.GetFieldValue<DateTimeOffset>(i).ToUniversalTime();
        if (type == typeof(DateTime)) return (r, i) => DateTime.SpecifyKind(r.GetDateTime(i), DateTimeKind.Utc);
        throw new NotSupportedException($"No SQLite-to-PostgreSQL copy for columns of type {type}.");
    }

    /// <summary>Identity columns continue after the largest copied id (a table copied empty starts at 1).</summary>
    private static void MoveSequencesPastCopiedIds(NpgsqlConnection target, ITable table)
    {
        if (table.PrimaryKey is not { Columns: [var key] } || key.ProviderClrType is var t && t != typeof(int) && t != typeof(long)) return;
        // pg_get_serial_sequence is null for a key that is not an identity; setval(null, …) does nothing.
        Scalar(target, $"SELECT setval(pg_get_serial_sequence('{Quote(table.Name)}', '{key.Name}'), COALESCE(MAX({Quote(key.Name)}), 0) + 1, false) FROM {Quote(table.Name)}");
    }

    /// <summary>Tables ordered so that each comes after every table its foreign keys point to.</summary>
    private static List<ITable> ParentsFirst(IEnumerable<ITable> all)
    {
        var ordered = new List<ITable>();
        var placed = new HashSet<ITable>();
        var pending = all.OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        while (pending.Count > 0)
        {
            var ready = pending.Where(t => t.ForeignKeyConstraints.All(fk => fk.PrincipalTable == t || placed.Contains(fk.PrincipalTable))).ToList();
            if (ready.Count == 0) throw new InvalidOperationException("The model's foreign keys form a cycle: " + string.Join(", ", pending.Select(t => t.Name)));
            foreach (var table in ready)
            {
                ordered.Add(table);
                placed.Add(table);
                pending.Remove(table);
            }
        }

        return ordered;
    }

    private static object? Scalar(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        return command.ExecuteScalar();
    }

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
