using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MonitorHub.Infrastructure.Persistence.Configurations;

// Batch jobs and their runs: the entities of JobEntities.cs.

internal sealed class JobConfiguration : IEntityTypeConfiguration<JobEntity>
{
    public void Configure(EntityTypeBuilder<JobEntity> builder)
    {
        builder.ToTable(Tables.Jobs.Table);
        builder.HasIndex(x => x.Name).IsUnique();
        builder.HasIndex(x => x.ComponentId);
        builder.HasOne<ComponentEntity>().WithMany().HasForeignKey(x => x.ComponentId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class JobRunConfiguration : IEntityTypeConfiguration<JobRunEntity>
{
    public void Configure(EntityTypeBuilder<JobRunEntity> builder)
    {
        builder.ToTable(Tables.JobRuns.Table);
        // A job's page reads its runs newest first; the merged history reads every job's runs by time.
        builder.HasIndex(x => new { x.JobId, x.StartedAtMs });
        builder.HasIndex(x => x.AtMs);
        builder.HasIndex(x => new { x.JobId, x.RunId }).IsUnique().HasFilter($"\"{nameof(JobRunEntity.RunId)}\" IS NOT NULL");
        builder.HasOne<JobEntity>().WithMany().HasForeignKey(x => x.JobId).OnDelete(DeleteBehavior.Cascade);
    }
}
