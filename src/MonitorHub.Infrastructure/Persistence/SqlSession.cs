using System.Data;
using System.Data.Common;

namespace MonitorHub.Infrastructure.Persistence;

/// <summary>
/// Hand-written SQL that differs between the providers, written once per dialect and picked by
/// <see cref="SqlSession.Sql"/>, so no file grows an <c>if (provider …)</c> chain around its statements.
/// Parameters are written <c>@name</c>: Microsoft.Data.Sqlite and Npgsql both bind that form (Npgsql
/// refuses SQLite's <c>$name</c>, which it reads as positional), so statements that differ only
/// in their parameters need no second text.
/// </summary>
public sealed record DialectSql(string Sqlite, string PostgreSql);

/// <summary>
/// A connection and the transaction open on it, with the provider they speak: what the ingestion
/// writer hands to work that must commit with its samples (<see cref="Ingestion.IngestionWriter.TryEnqueue(Ingestion.PreparedBatch, Func{SqlSession, bool}, out Task{bool})"/>)
/// or run between its commits. Typed against ADO.NET's base classes so the same callers serve
/// SQLite's single writer and PostgreSQL's per-node writers.
/// </summary>
public sealed class SqlSession(DbConnection connection, DbTransaction transaction, DatabaseProvider provider)
{
    public DbConnection Connection { get; } = connection;
    public DbTransaction Transaction { get; } = transaction;
    public DatabaseProvider Provider { get; } = provider;

    /// <summary>The text of <paramref name="sql"/> for this session's provider.</summary>
    public string Sql(DialectSql sql) => Provider == DatabaseProvider.PostgreSQL ? sql.PostgreSql : sql.Sqlite;

    /// <summary>A command enlisted in the session's transaction.</summary>
    public DbCommand Command(string sql)
    {
        var command = Connection.CreateCommand();
        command.Transaction = Transaction;
        command.CommandText = sql;
        return command;
    }
}

/// <summary>Parameters by bare name (no prefix): both providers match <c>name</c> to <c>@name</c> in the text.</summary>
public static class DbCommandParameters
{
    /// <summary>A typed parameter whose value the caller sets per row (prepared statements).</summary>
    public static DbParameter Add(this DbCommand command, string name, DbType type)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        command.Parameters.Add(parameter);
        return parameter;
    }

    /// <summary>A parameter with its value; null is sent as SQL NULL.</summary>
    public static DbParameter Add(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
