using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MonitorHub.Infrastructure.Persistence.Configurations;

internal sealed class ScrapeTargetConfiguration : IEntityTypeConfiguration<ScrapeTargetEntity>
{
    public void Configure(EntityTypeBuilder<ScrapeTargetEntity> builder)
    {
        builder.ToTable(Tables.ScrapeTargets.Table);
        builder.HasIndex(x => x.Name).IsUnique();
        builder.HasOne<SystemEntity>().WithMany().HasForeignKey(x => x.SystemId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<ComponentEntity>().WithMany().HasForeignKey(x => x.ComponentId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class ScrapeTransitionConfiguration : IEntityTypeConfiguration<ScrapeTransitionEntity>
{
    public void Configure(EntityTypeBuilder<ScrapeTransitionEntity> builder)
    {
        builder.ToTable(Tables.ScrapeTransitions.Table);
        // The scraper reads a target's latest transition; the merged history reads all of them by time.
        builder.HasIndex(x => new { x.TargetId, x.AtMs });
        builder.HasIndex(x => x.AtMs);
        builder.HasOne<ScrapeTargetEntity>().WithMany().HasForeignKey(x => x.TargetId).OnDelete(DeleteBehavior.Cascade);
    }
}
