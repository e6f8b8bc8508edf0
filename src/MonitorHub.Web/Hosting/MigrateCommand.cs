using Microsoft.Extensions.Options;
using MonitorHub.Infrastructure;
using MonitorHub.Infrastructure.Persistence;
using Npgsql;

namespace MonitorHub.Web.Hosting;

/// <summary>
/// <c>--migrate-sqlite-to FILE</c>: copies this configuration's SQLite store into the PostgreSQL
/// database that FILE (a settings file in appsettings.json's shape, the one the new nodes will use)
/// names, then exits. The source is brought to the current migration first, as a start would.
/// </summary>
public static class MigrateCommand
{
    public const string Key = "migrate-sqlite-to";

    public static int Run(IServiceProvider services, string file, TextWriter output, TextWriter error)
    {
        var source = services.GetRequiredService<IOptions<MonitorHubOptions>>().Value.Database;
        if (source.Provider != DatabaseProvider.Sqlite)
        {
            error.WriteLine("--migrate-sqlite-to copies a SQLite store: run it with the SQLite store's settings (MonitorHub:DataDirectory), not with MonitorHub:Database:Provider PostgreSQL.");
            return 2;
        }

        var path = Path.GetFullPath(file);
        if (!File.Exists(path))
        {
            error.WriteLine($"--migrate-sqlite-to: no settings file at {path}. It names the target: {{\"MonitorHub\": {{\"Database\": {{\"Provider\": \"PostgreSQL\", \"ConnectionString\": \"Host=…;Database=…;Username=…\"}}}}}}");
            return 2;
        }

        var target = new ConfigurationBuilder().AddJsonFile(path).Build().GetSection("MonitorHub:Database");
        if (!string.Equals(target["Provider"], "PostgreSQL", StringComparison.OrdinalIgnoreCase) || string.IsNullOrWhiteSpace(target["ConnectionString"]))
        {
            error.WriteLine($"{path} must set MonitorHub:Database:Provider to PostgreSQL and MonitorHub:Database:ConnectionString to the target database.");
            return 2;
        }

        var paths = services.GetRequiredService<DataPaths>();
        if (!File.Exists(paths.DatabaseFile))
        {
            error.WriteLine($"There is no SQLite store at {paths.DatabaseFile} (MonitorHub:DataDirectory).");
            return 2;
        }

        services.MigrateMonitorHubDatabase();
        var database = new NpgsqlConnectionStringBuilder(target["ConnectionString"]).Database;
        output.WriteLine($"Copying {paths.DatabaseFile} into PostgreSQL database {database}...");
        try
        {
            var result = SqliteToPostgreSql.Run(paths.ConnectionString, target["ConnectionString"]!, output);
            output.WriteLine($"Copied {result.Tables.Sum(t => t.Rows):N0} rows in {result.Tables.Count} tables in {result.Took.TotalSeconds:F1} s.");
            var key = Path.Combine(paths.DataDirectory, "redaction.key");
            if (File.Exists(key))
            {
                output.WriteLine($"Set MonitorHub:Security:HashKey on every node to the content of {key}, so sensitive values hashed before the move still match.");
            }

            return 0;
        }
        catch (SqliteToPostgreSql.TargetNotEmptyException ex)
        {
            error.WriteLine(ex.Message);
            return 3;
        }
        catch (NpgsqlException ex)
        {
            error.WriteLine($"PostgreSQL database {database}: {ex.Message}");
            return 1;
        }
    }
}
