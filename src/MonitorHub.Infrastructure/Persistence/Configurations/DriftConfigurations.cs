using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MonitorHub.Infrastructure.Persistence.Configurations;

// Drift references, monitors and their runs, detectors and their events: the entities of
// DriftEntities.cs.

internal sealed class DriftReferenceConfiguration : IEntityTypeConfiguration<DriftReferenceEntity>
{
    public void Configure(EntityTypeBuilder<DriftReferenceEntity> builder)
    {
        builder.ToTable(Tables.DriftReferences.Table);
        builder.HasIndex(x => x.Model);
    }
}

internal sealed class DriftMonitorConfiguration : IEntityTypeConfiguration<DriftMonitorEntity>
{
    public void Configure(EntityTypeBuilder<DriftMonitorEntity> builder)
    {
        builder.ToTable(Tables.DriftMonitors.Table);
        builder.HasIndex(x => x.Model);
        builder.HasOne<DriftReferenceEntity>().WithMany().HasForeignKey(x => x.ReferenceId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class DriftRunConfiguration()
    : TimelineConfiguration<DriftRunEntity, DriftMonitorEntity>(Tables.DriftRuns.Table, nameof(DriftRunEntity.MonitorId), nameof(DriftRunEntity.AtMs));

internal sealed class DetectorConfiguration : IEntityTypeConfiguration<DetectorEntity>
{
    public void Configure(EntityTypeBuilder<DetectorEntity> builder) => builder.ToTable(Tables.Detectors.Table);
}

internal sealed class DetectorEventConfiguration()
    : TimelineConfiguration<DetectorEventEntity, DetectorEntity>(Tables.DetectorEvents.Table, nameof(DetectorEventEntity.DetectorId), nameof(DetectorEventEntity.AtMs), indexTime: true);
