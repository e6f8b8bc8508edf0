using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MonitorHub.Infrastructure.Persistence.Configurations;

// Rules, alarms and their timeline, silences, channels and the notification outbox: the entities
// of AlarmEntities.cs.

internal sealed class AlarmRuleConfiguration : IEntityTypeConfiguration<AlarmRuleEntity>
{
    public void Configure(EntityTypeBuilder<AlarmRuleEntity> builder)
    {
        builder.ToTable(Tables.AlarmRules.Table);
        builder.HasIndex(x => x.Metric);
    }
}

internal sealed class AlarmConfiguration : IEntityTypeConfiguration<AlarmEntity>
{
    public void Configure(EntityTypeBuilder<AlarmEntity> builder)
    {
        builder.ToTable(Tables.Alarms.Table);
        builder.HasIndex(x => new { x.RuleId, x.TagsKey, x.ResolvedAtMs });
        builder.HasIndex(x => new { x.State, x.StartedAtMs });
        builder.HasOne<AlarmRuleEntity>().WithMany().HasForeignKey(x => x.RuleId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AlarmEventConfiguration()
    : TimelineConfiguration<AlarmEventEntity, AlarmEntity>(Tables.AlarmEvents.Table, nameof(AlarmEventEntity.AlarmId), nameof(AlarmEventEntity.AtMs), indexTime: true);

internal sealed class RuleEvaluationConfiguration()
    : TimelineConfiguration<RuleEvaluationEntity, AlarmRuleEntity>(Tables.RuleEvaluations.Table, nameof(RuleEvaluationEntity.RuleId), nameof(RuleEvaluationEntity.AtMs));

internal sealed class SilenceConfiguration : IEntityTypeConfiguration<SilenceEntity>
{
    public void Configure(EntityTypeBuilder<SilenceEntity> builder)
    {
        builder.ToTable(Tables.Silences.Table);
        builder.HasIndex(x => x.EndsAtMs);
        builder.HasIndex(x => x.StartsAtMs);
    }
}

internal sealed class ChannelConfiguration : IEntityTypeConfiguration<ChannelEntity>
{
    public void Configure(EntityTypeBuilder<ChannelEntity> builder) => builder.ToTable(Tables.Channels.Table);
}

internal sealed class NotificationGroupConfiguration : IEntityTypeConfiguration<NotificationGroupEntity>
{
    public void Configure(EntityTypeBuilder<NotificationGroupEntity> builder)
    {
        builder.ToTable(Tables.NotificationGroups.Table);
        builder.HasKey(x => new { x.ChannelId, x.RuleId });
        builder.HasOne<ChannelEntity>().WithMany().HasForeignKey(x => x.ChannelId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class NotificationConfiguration()
    : TimelineConfiguration<NotificationEntity, ChannelEntity>(Tables.Notifications.Table, nameof(NotificationEntity.ChannelId), nameof(NotificationEntity.CreatedAtMs), indexTime: true);
