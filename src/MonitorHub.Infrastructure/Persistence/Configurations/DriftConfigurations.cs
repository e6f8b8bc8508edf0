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

internal sealed class DriftRunConfiguration : IEntityTypeConfiguration<DriftRunEntity>
{
    public void Configure(EntityTypeBuilder<DriftRunEntity> builder)
    {
        builder.ToTable(Tables.DriftRuns.Table);
        builder.HasIndex(x => new { x.MonitorId, x.AtMs });
        builder.HasOne<DriftMonitorEntity>().WithMany().HasForeignKey(x => x.MonitorId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DetectorConfiguration : IEntityTypeConfiguration<DetectorEntity>
{
    public void Configure(EntityTypeBuilder<DetectorEntity> builder) => builder.ToTable(Tables.Detectors.Table);
}

internal sealed class DetectorEventConfiguration : IEntityTypeConfiguration<DetectorEventEntity>
{
    public void Configure(EntityTypeBuilder<DetectorEventEntity> builder)
    {
        builder.ToTable(Tables.DetectorEvents.Table);
        builder.HasIndex(x => new { x.DetectorId, x.AtMs });
        builder.HasOne<DetectorEntity>().WithMany().HasForeignKey(x => x.DetectorId).OnDelete(DeleteBehavior.Cascade);
    }
}
