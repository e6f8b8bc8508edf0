using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace MonitorHub.Infrastructure.Persistence;

/// <summary>
/// Schema owner. Table names are fixed (not pluralised by convention) because the ingestion writer
/// and the series query use hand-written SQL against them for speed.
/// </summary>
public sealed class MonitorHubDbContext(DbContextOptions<MonitorHubDbContext> options) : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    /// <summary>ASP.NET Core Data Protection keys (cookies, antiforgery): kept in the database so sign-ins
    /// survive restarts and several nodes can share them.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<SystemEntity> Systems => Set<SystemEntity>();
    public DbSet<ComponentEntity> Components => Set<ComponentEntity>();
    public DbSet<ComponentEdgeEntity> ComponentEdges => Set<ComponentEdgeEntity>();
    public DbSet<MetricDefinitionEntity> MetricDefinitions => Set<MetricDefinitionEntity>();
    public DbSet<SeriesEntity> Series => Set<SeriesEntity>();
    public DbSet<SampleEntity> Samples => Set<SampleEntity>();
    public DbSet<RollupEntity> Rollups => Set<RollupEntity>();
    public DbSet<ApiKeyEntity> ApiKeys => Set<ApiKeyEntity>();
    public DbSet<AuditEntryEntity> AuditEntries => Set<AuditEntryEntity>();
    public DbSet<SensitiveFieldEntity> SensitiveFields => Set<SensitiveFieldEntity>();
    public DbSet<AlarmRuleEntity> AlarmRules => Set<AlarmRuleEntity>();
    public DbSet<AlarmEntity> Alarms => Set<AlarmEntity>();
    public DbSet<AlarmEventEntity> AlarmEvents => Set<AlarmEventEntity>();
    public DbSet<RuleEvaluationEntity> RuleEvaluations => Set<RuleEvaluationEntity>();
    public DbSet<SilenceEntity> Silences => Set<SilenceEntity>();
    public DbSet<ChannelEntity> Channels => Set<ChannelEntity>();
    public DbSet<NotificationGroupEntity> NotificationGroups => Set<NotificationGroupEntity>();
    public DbSet<NotificationEntity> Notifications => Set<NotificationEntity>();
    public DbSet<VersionEntity> Versions => Set<VersionEntity>();
    public DbSet<FailureModeEntity> FailureModes => Set<FailureModeEntity>();
    public DbSet<SystemChecklistEntity> SystemChecklists => Set<SystemChecklistEntity>();
    public DbSet<DriftReferenceEntity> DriftReferences => Set<DriftReferenceEntity>();
    public DbSet<DriftMonitorEntity> DriftMonitors => Set<DriftMonitorEntity>();
    public DbSet<DriftRunEntity> DriftRuns => Set<DriftRunEntity>();
    public DbSet<DetectorEntity> Detectors => Set<DetectorEntity>();
    public DbSet<DetectorEventEntity> DetectorEvents => Set<DetectorEventEntity>();
    public DbSet<ModelEntity> Models => Set<ModelEntity>();
    public DbSet<PredictionEntity> Predictions => Set<PredictionEntity>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<DataProtectionKey>().ToTable("data_protection_keys");
        AdaptModel.Configure(modelBuilder);
        DriftModel.Configure(modelBuilder);

        modelBuilder.Entity<ApiKeyEntity>(e =>
        {
            e.ToTable("api_keys");
            e.Property(x => x.Id).HasMaxLength(32);
            e.Property(x => x.Name).HasMaxLength(200);
            e.HasOne<SystemEntity>().WithMany().HasForeignKey(x => x.SystemId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<AuditEntryEntity>(e =>
        {
            e.ToTable("audit_entries");
            e.HasIndex(x => x.AtMs);
            e.HasIndex(x => new { x.EntityType, x.AtMs });
            e.HasIndex(x => new { x.Actor, x.AtMs });
        });

        modelBuilder.Entity<AlarmRuleEntity>(e =>
        {
            e.ToTable("alarm_rules");
            e.HasIndex(x => x.Metric);
        });

        modelBuilder.Entity<AlarmEntity>(e =>
        {
            e.ToTable("alarms");
            e.HasIndex(x => new { x.RuleId, x.TagsKey, x.ResolvedAtMs });
            e.HasIndex(x => new { x.State, x.StartedAtMs });
            e.HasOne<AlarmRuleEntity>().WithMany().HasForeignKey(x => x.RuleId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<AlarmEventEntity>(e =>
        {
            e.ToTable("alarm_events");
            e.HasIndex(x => new { x.AlarmId, x.AtMs });
            e.HasOne<AlarmEntity>().WithMany().HasForeignKey(x => x.AlarmId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<RuleEvaluationEntity>(e =>
        {
            e.ToTable("rule_evaluations");
            e.HasIndex(x => new { x.RuleId, x.AtMs });
            e.HasOne<AlarmRuleEntity>().WithMany().HasForeignKey(x => x.RuleId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<SilenceEntity>(e =>
        {
            e.ToTable("silences");
            e.HasIndex(x => x.EndsAtMs);
        });

        modelBuilder.Entity<ChannelEntity>(e => e.ToTable("channels"));
        modelBuilder.Entity<NotificationGroupEntity>(e =>
        {
            e.ToTable("notification_groups");
            e.HasKey(x => new { x.ChannelId, x.RuleId });
            e.HasOne<ChannelEntity>().WithMany().HasForeignKey(x => x.ChannelId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<NotificationEntity>(e =>
        {
            e.ToTable("notifications");
            e.HasIndex(x => new { x.ChannelId, x.CreatedAtMs });
            e.HasOne<ChannelEntity>().WithMany().HasForeignKey(x => x.ChannelId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<SensitiveFieldEntity>(e =>
        {
            e.ToTable("sensitive_fields");
            e.HasKey(x => new { x.SystemId, x.Name });
            e.HasOne<SystemEntity>().WithMany().HasForeignKey(x => x.SystemId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<SystemEntity>(e =>
        {
            e.ToTable("systems");
            e.Property(x => x.Name).HasMaxLength(200);
            e.HasIndex(x => x.Name).IsUnique();
            e.HasMany(x => x.Components).WithOne().HasForeignKey(c => c.SystemId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<ComponentEntity>(e =>
        {
            e.ToTable("components");
            e.Property(x => x.Name).HasMaxLength(200);
            e.HasIndex(x => new { x.SystemId, x.Name }).IsUnique();
        });

        modelBuilder.Entity<ComponentEdgeEntity>(e =>
        {
            e.ToTable("component_edges");
            e.HasKey(x => new { x.FromComponentId, x.ToComponentId });
            e.HasOne<ComponentEntity>().WithMany().HasForeignKey(x => x.FromComponentId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<ComponentEntity>().WithMany().HasForeignKey(x => x.ToComponentId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<MetricDefinitionEntity>(e =>
        {
            e.ToTable("metric_definitions");
            e.HasKey(x => x.Key);
            e.Property(x => x.Key).HasMaxLength(128);
            e.Property(x => x.DisplayName).HasMaxLength(200);
            e.HasOne<SystemEntity>().WithMany().HasForeignKey(x => x.SystemId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne<ComponentEntity>().WithMany().HasForeignKey(x => x.ComponentId).OnDelete(DeleteBehavior.SetNull);
        });

        modelBuilder.Entity<SeriesEntity>(e =>
        {
            e.ToTable("series");
            e.HasIndex(x => new { x.MetricKey, x.TagsKey }).IsUnique();
        });

        modelBuilder.Entity<SampleEntity>(e =>
        {
            e.ToTable("samples");
            e.HasIndex(x => new { x.SeriesId, x.Ts });
        });

        modelBuilder.Entity<RollupEntity>(e =>
        {
            e.ToTable("rollups");
            e.HasKey(x => new { x.SeriesId, x.Minute });
        });

        PredictionEntities.Configure(modelBuilder);
    }
}
