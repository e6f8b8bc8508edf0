using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace MonitorHub.Infrastructure.Persistence;

/// <summary>
/// One DbContext, one migrations assembly per provider (EF Core's multi-provider pattern): each
/// provider's migrations are generated against its own SQL dialect and model snapshot, so a
/// SQLite-only step (the WITHOUT ROWID rollups) never reaches PostgreSQL and vice versa.
/// </summary>
public static class DatabaseSetup
{
    public const string SqliteMigrationsAssembly = "MonitorHub.Migrations";
    public const string PostgreSqlMigrationsAssembly = "MonitorHub.Migrations.PostgreSql";

    /// <summary>Key of the session-level advisory lock that serialises start-up migrations across
    /// nodes ("MHUB" in ASCII); any constant works as long as every node uses the same one.</summary>
    public const long MigrationLockKey = 0x4D48_5542;

    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, DatabaseOptions database, DataPaths paths) =>
        database.Provider switch
        {
            DatabaseProvider.PostgreSQL => options.UseNpgsql(database.ConnectionString, o => o.MigrationsAssembly(PostgreSqlMigrationsAssembly)),
            _ => options.UseSqlite(paths.ConnectionString, o => o.MigrationsAssembly(SqliteMigrationsAssembly)),
        };

    /// <summary>
    /// Applies pending migrations while holding <c>pg_advisory_lock</c>, so two nodes starting
    /// together run them one after the other and the second finds nothing pending. Npgsql's own
    /// migration lock (EF Core 9+, a lock on the history table) covers <c>Migrate</c> alone; this one
    /// is ours, independent of provider internals, and also covers any one-off step added around
    /// <c>Migrate</c> later (such as SQLite's hourly backfill). It lives on a connection of its own
    /// (a session lock), so it is released by the unlock below or, if the process dies, by the
    /// server closing the session. The database itself must exist: advisory locks are per database.
    /// </summary>
    public static void MigratePostgreSql(MonitorHubDbContext db, string connectionString)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        Advisory(connection, "pg_advisory_lock");
        try
        {
            db.Database.Migrate();
        }
        finally
        {
            Advisory(connection, "pg_advisory_unlock");
        }
    }

    private static void Advisory(NpgsqlConnection connection, string function)
    {
        using var command = new NpgsqlCommand($"SELECT {function}(@key)", connection);
        command.Parameters.AddWithValue("key", MigrationLockKey);
        command.ExecuteNonQuery();
    }
}
