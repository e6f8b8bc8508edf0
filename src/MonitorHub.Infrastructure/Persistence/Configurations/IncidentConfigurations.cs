using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MonitorHub.Infrastructure.Persistence.Configurations;

// Incidents, their alarms and their timeline: the entities of IncidentEntities.cs.

internal sealed class IncidentConfiguration : IEntityTypeConfiguration<IncidentEntity>
{
    public void Configure(EntityTypeBuilder<IncidentEntity> builder)
    {
        builder.ToTable(Tables.Incidents.Table);
        builder.HasIndex(x => new { x.State, x.OpenedAtMs });
        builder.HasIndex(x => new { x.SystemId, x.ResolvedAtMs });
        builder.HasOne<SystemEntity>().WithMany().HasForeignKey(x => x.SystemId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class IncidentAlarmConfiguration : IEntityTypeConfiguration<IncidentAlarmEntity>
{
    public void Configure(EntityTypeBuilder<IncidentAlarmEntity> builder)
    {
        builder.ToTable(Tables.IncidentAlarms.Table);
        builder.HasKey(x => x.AlarmId);
        builder.Property(x => x.AlarmId).ValueGeneratedNever();
        builder.HasIndex(x => x.IncidentId);
        builder.HasIndex(x => x.Held);
        builder.HasOne<AlarmEntity>().WithMany().HasForeignKey(x => x.AlarmId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<IncidentEntity>().WithMany().HasForeignKey(x => x.IncidentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class IncidentEventConfiguration()
    : TimelineConfiguration<IncidentEventEntity, IncidentEntity>(Tables.IncidentEvents.Table, nameof(IncidentEventEntity.IncidentId), nameof(IncidentEventEntity.AtMs), indexTime: true);
