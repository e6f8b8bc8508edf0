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
