using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MonitorHub.Infrastructure.Persistence.Configurations;

// Version history, failure modes and system checklists: the entities of VersionAndFailureModeEntities.cs.

internal sealed class VersionConfiguration : IEntityTypeConfiguration<VersionEntity>
{
    public void Configure(EntityTypeBuilder<VersionEntity> builder)
    {
        builder.ToTable(Tables.Versions.Table);
        builder.Property(x => x.EntityType).HasMaxLength(32);
        builder.Property(x => x.EntityKey).HasMaxLength(128);
        builder.HasIndex(x => new { x.EntityType, x.EntityKey, x.Version }).IsUnique();
        // The merged history reads rule and metric versions by time.
        builder.HasIndex(x => new { x.EntityType, x.AtMs });
    }
}

internal sealed class FailureModeConfiguration : IEntityTypeConfiguration<FailureModeEntity>
{
    public void Configure(EntityTypeBuilder<FailureModeEntity> builder)
    {
        builder.ToTable(Tables.FailureModes.Table);
        builder.Property(x => x.Title).HasMaxLength(200);
        builder.HasIndex(x => x.SystemId);
        builder.HasOne<SystemEntity>().WithMany().HasForeignKey(x => x.SystemId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<ComponentEntity>().WithMany().HasForeignKey(x => x.ComponentId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class SystemChecklistConfiguration : IEntityTypeConfiguration<SystemChecklistEntity>
{
    public void Configure(EntityTypeBuilder<SystemChecklistEntity> builder)
    {
        builder.ToTable(Tables.SystemChecklists.Table);
        builder.HasKey(x => x.SystemId);
        builder.HasOne<SystemEntity>().WithMany().HasForeignKey(x => x.SystemId).OnDelete(DeleteBehavior.Cascade);
    }
}
