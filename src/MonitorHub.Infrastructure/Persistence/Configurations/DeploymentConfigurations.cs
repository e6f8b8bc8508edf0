using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MonitorHub.Infrastructure.Persistence.Configurations;

// Model versions and deployments: the entities of DeploymentEntities.cs.

internal sealed class ModelVersionConfiguration : IEntityTypeConfiguration<ModelVersionEntity>
{
    public void Configure(EntityTypeBuilder<ModelVersionEntity> builder)
    {
        builder.ToTable(Tables.ModelVersions.Table);
        builder.HasKey(x => new { x.Model, x.Version });
        builder.Property(x => x.Model).HasMaxLength(100);
        builder.Property(x => x.Version).HasMaxLength(100);
        builder.Property(x => x.Description).HasMaxLength(2000);
        builder.HasOne<ModelEntity>().WithMany().HasForeignKey(x => x.Model).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DeploymentConfiguration : IEntityTypeConfiguration<DeploymentEntity>
{
    public void Configure(EntityTypeBuilder<DeploymentEntity> builder)
    {
        builder.ToTable(Tables.Deployments.Table);
        builder.Property(x => x.Model).HasMaxLength(100);
        builder.Property(x => x.Baseline).HasMaxLength(100);
        builder.Property(x => x.Candidate).HasMaxLength(100);
        builder.Property(x => x.WebhookSecret).HasMaxLength(100);
        builder.HasIndex(x => new { x.Model, x.Id });
        // The controller's tick and the router's cache read the live ones.
        builder.HasIndex(x => x.State);
    }
}

internal sealed class DeploymentDecisionConfiguration : IEntityTypeConfiguration<DeploymentDecisionEntity>
{
    public void Configure(EntityTypeBuilder<DeploymentDecisionEntity> builder)
    {
        builder.ToTable(Tables.DeploymentDecisions.Table);
        builder.Property(x => x.Actor).HasMaxLength(200);
        builder.HasIndex(x => new { x.DeploymentId, x.AtMs });
        builder.HasIndex(x => x.AtMs);
        builder.HasOne<DeploymentEntity>().WithMany().HasForeignKey(x => x.DeploymentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AnalysisRunConfiguration : IEntityTypeConfiguration<AnalysisRunEntity>
{
    public void Configure(EntityTypeBuilder<AnalysisRunEntity> builder)
    {
        builder.ToTable(Tables.AnalysisRuns.Table);
        builder.HasIndex(x => new { x.DeploymentId, x.StartedAtMs });
        builder.HasOne<DeploymentEntity>().WithMany().HasForeignKey(x => x.DeploymentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AutomationChangeConfiguration : IEntityTypeConfiguration<AutomationChangeEntity>
{
    public void Configure(EntityTypeBuilder<AutomationChangeEntity> builder)
    {
        builder.ToTable(Tables.AutomationChanges.Table);
        builder.HasIndex(x => new { x.SystemId, x.AtMs });
        builder.HasIndex(x => x.AtMs);
        builder.HasOne<SystemEntity>().WithMany().HasForeignKey(x => x.SystemId).OnDelete(DeleteBehavior.Cascade);
    }
}
