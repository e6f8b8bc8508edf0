using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MonitorHub.Infrastructure.Alarms;
using MonitorHub.Infrastructure.Automation;
using MonitorHub.Infrastructure.BatchJobs;
using MonitorHub.Infrastructure.Catalogue;
using MonitorHub.Infrastructure.Cluster;
using MonitorHub.Infrastructure.Deployments;
using MonitorHub.Infrastructure.Drift;
using MonitorHub.Infrastructure.Incidents;
using MonitorHub.Infrastructure.Ingestion;
using MonitorHub.Infrastructure.Interop;
using MonitorHub.Infrastructure.Persistence;
using MonitorHub.Infrastructure.Scrape;
using MonitorHub.Infrastructure.Timeline;
using MonitorHub.Infrastructure.Security;

namespace MonitorHub.Infrastructure;

public static class ServiceCollectionExtensions
{
    /// <summary>The SQLite migrations (see <see cref="DatabaseSetup"/> for both providers').</summary>
    public const string MigrationsAssembly = DatabaseSetup.SqliteMigrationsAssembly;

    /// <param name="baseDirectory">Folder that relative data paths are resolved against: the one
    /// holding appsettings.json.</param>
    public static IServiceCollection AddMonitorHubInfrastructure(this IServiceCollection services, IConfiguration configuration, string baseDirectory)
    {
        services.AddOptions<MonitorHubOptions>()
            .Bind(configuration.GetSection(MonitorHubOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.Database.HasValidConnectionString(), DatabaseOptions.ConnectionStringMessage)
            // Each node would otherwise generate a key file of its own and hash the same value differently.
            .Validate(o => o.Database.Provider != DatabaseProvider.PostgreSQL || o.Security.HasValidHashKey(), SecurityOptions.HashKeyMessage)
            .Validate(o => o.Retention.RollupDays >= o.Retention.RawDays, "MonitorHub:Retention:RollupDays must be at least RawDays.")
            .Validate(o => o.Retention.HourlyDays >= o.Retention.RollupDays, "MonitorHub:Retention:HourlyDays must be at least RollupDays.")
            .Validate(o => o.Retention.EffectiveFiveMinuteDays >= o.Retention.RollupDays && o.Retention.EffectiveFiveMinuteDays <= o.Retention.HourlyDays,
                "MonitorHub:Retention:FiveMinuteDays must be at least RollupDays and at most HourlyDays.")
            .Validate(o => o.Limits.MaxSeriesPerMetric <= o.Limits.MaxSeries, "MonitorHub:Limits:MaxSeriesPerMetric must not exceed MaxSeries.")
            .Validate(o => o.Security.AllowedPrivateTargets.All(t => OutboundPolicy.TryParseNetwork(t, out _, out _)),
                "MonitorHub:Security:AllowedPrivateTargets holds addresses or CIDR networks, e.g. 10.0.0.0/8.")
            .Validate(o => o.Security.KnownProxies.All(t => OutboundPolicy.TryParseNetwork(t, out _, out _)),
                "MonitorHub:Security:KnownProxies holds addresses or CIDR networks, e.g. 10.0.0.1 or 10.0.0.0/24.")
            .Validate(o => o.Otlp.EffectiveResourceAttributes.All(a => !string.IsNullOrWhiteSpace(a) && a.Length <= Core.Metrics.IngestionLimits.MaxTagKeyLength),
                "MonitorHub:Otlp:ResourceAttributes holds attribute names of 1 to 64 characters, e.g. service.name.")
            .Validate(o => o.Metrics.AnonymousFrom.All(t => OutboundPolicy.TryParseNetwork(t, out _, out _)),
                "MonitorHub:Metrics:AnonymousFrom holds addresses or CIDR networks, e.g. 127.0.0.1 or 10.0.0.0/8.")
            .Validate(o => Uri.TryCreate(o.PublicUrl, UriKind.Absolute, out var u) && u.Scheme is "http" or "https",
                "MonitorHub:PublicUrl must be an absolute http(s) URL.")
            .Validate(o => !o.Redis.Enabled || RedisOptions.TryParse(o.Redis.Configuration, out _),
                RedisOptions.ConfigurationKey + " is not a StackExchange.Redis configuration string; give host:port and options, e.g. redis1:6379,password=secret,ssl=true.")
            .ValidateOnStart();

        services.AddSingleton(sp => DataPaths.Resolve(sp.GetRequiredService<IOptions<MonitorHubOptions>>().Value.DataDirectory, baseDirectory));
        services.AddSingleton<StoreConnections>();
        services.AddDbContextFactory<MonitorHubDbContext>((sp, options) =>
            DatabaseSetup.Configure(options, sp.GetRequiredService<IOptions<MonitorHubOptions>>().Value.Database, sp.GetRequiredService<DataPaths>()));

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<MonitorHub.Infrastructure.Observability.ServiceMetrics>();
        // One extension per feature, next to it: a new feature adds its own and one line here.
        services.AddIngestion().AddInterop().AddCatalogue().AddSecurityStores().AddAlarms().AddIncidents().AddDrift().AddDeployments().AddAutomation().AddScrape().AddTimeline().AddBatchJobs();
        services.AddCluster(configuration);
        return services;
    }

    /// <summary>Creates the data folder and applies pending migrations; call before the host starts.</summary>
    public static void MigrateMonitorHubDatabase(this IServiceProvider services)
    {
        // Reading the options validates them, so a bad provider or connection string stops here with its message.
        var database = services.GetRequiredService<IOptions<MonitorHubOptions>>().Value.Database;
        if (database.Provider == DatabaseProvider.PostgreSQL)
        {
            using var context = services.GetRequiredService<IDbContextFactory<MonitorHubDbContext>>().CreateDbContext();
            // The PostgreSQL schema starts from the current model, every rollup tier included: no backfill to run.
            DatabaseSetup.MigratePostgreSql(context, database.ConnectionString!);
            return;
        }

        var paths = services.GetRequiredService<DataPaths>();
        Directory.CreateDirectory(paths.DataDirectory);
        using var db = services.GetRequiredService<IDbContextFactory<MonitorHubDbContext>>().CreateDbContext();
        var pending = db.Database.GetPendingMigrations().ToList();
        var addedTiers = TierMigrations.Where(t => pending.Any(m => m.EndsWith(t.Migration, StringComparison.Ordinal))).Select(t => t.Tier).ToList();
        db.Database.Migrate();
        // journal_mode=WAL is stored in the file: switch it once, before readers and the writer open.
        // Not pooled: a pooled connection would carry the writer's larger page cache to a reader.
        using var connection = SqlitePragmas.Open(new SqliteConnectionStringBuilder(paths.ConnectionString) { Pooling = false }.ToString());
        foreach (var tier in addedTiers) RollupBackfill.Run(connection, tier);
    }

    /// <summary>The migrations that add a coarser rollup tier; existing minutes are rolled into it once, after it.</summary>
    private static readonly (string Migration, Core.Metrics.StorageTier Tier)[] TierMigrations =
        [("_HourlyRollups", Core.Metrics.StorageTier.Hour), ("_FiveMinuteRollups", Core.Metrics.StorageTier.FiveMinute)];
}
