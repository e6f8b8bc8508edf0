using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace MonitorHub.Infrastructure.Persistence;

/// <summary>
/// Schema owner. Table names are fixed (not pluralised by convention) and kept in <see cref="Tables"/>
/// because the ingestion writer, the series query and retention use hand-written SQL against them for speed.
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
    public DbSet<FiveMinuteRollupEntity> FiveMinuteRollups => Set<FiveMinuteRollupEntity>();
    public DbSet<HourlyRollupEntity> HourlyRollups => Set<HourlyRollupEntity>();
    public DbSet<ApiKeyEntity> ApiKeys => Set<ApiKeyEntity>();
    public DbSet<AuditEntryEntity> AuditEntries => Set<AuditEntryEntity>();
    public DbSet<SensitiveFieldEntity> SensitiveFields => Set<SensitiveFieldEntity>();
    public DbSet<AlarmRuleEntity> AlarmRules => Set<AlarmRuleEntity>();
    public DbSet<AlarmEntity> Alarms => Set<AlarmEntity>();
    public DbSet<AlarmEventEntity> AlarmEvents => Set<AlarmEventEntity>();
    public DbSet<IncidentEntity> Incidents => Set<IncidentEntity>();
    public DbSet<IncidentAlarmEntity> IncidentAlarms => Set<IncidentAlarmEntity>();
    public DbSet<IncidentEventEntity> IncidentEvents => Set<IncidentEventEntity>();
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
    public DbSet<ModelVersionEntity> ModelVersions => Set<ModelVersionEntity>();
    public DbSet<DeploymentEntity> Deployments => Set<DeploymentEntity>();
    public DbSet<DeploymentDecisionEntity> DeploymentDecisions => Set<DeploymentDecisionEntity>();
    public DbSet<AnalysisRunEntity> AnalysisRuns => Set<AnalysisRunEntity>();
    public DbSet<ScrapeTargetEntity> ScrapeTargets => Set<ScrapeTargetEntity>();
    public DbSet<ScrapeTransitionEntity> ScrapeTransitions => Set<ScrapeTransitionEntity>();
    public DbSet<AutomationChangeEntity> AutomationChanges => Set<AutomationChangeEntity>();
    public DbSet<JobEntity> Jobs => Set<JobEntity>();
    public DbSet<JobRunEntity> JobRuns => Set<JobRunEntity>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        // Every mapping is an IEntityTypeConfiguration in Persistence/Configurations, so each entity
        // has exactly one place that says how it is stored.
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(MonitorHubDbContext).Assembly);
    }
}
