using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MonitorHub.Infrastructure.Persistence.Configurations;

// Models and their prediction logs: the entities of PredictionEntities.cs.

internal sealed class ModelConfiguration : IEntityTypeConfiguration<ModelEntity>
{
    public void Configure(EntityTypeBuilder<ModelEntity> builder)
    {
        builder.ToTable(Tables.Models.Table);
        builder.HasKey(x => x.Name);
        builder.Property(x => x.Name).HasMaxLength(100);
        builder.HasOne<SystemEntity>().WithMany().HasForeignKey(x => x.SystemId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class PredictionConfiguration : IEntityTypeConfiguration<PredictionEntity>
{
    public void Configure(EntityTypeBuilder<PredictionEntity> builder)
    {
        builder.ToTable(Tables.Predictions.Table);
        builder.Property(x => x.Model).HasMaxLength(100);
        builder.Property(x => x.PredictionId).HasMaxLength(200);
        builder.Property(x => x.Role).HasMaxLength(10).HasDefaultValue("live");
        // Duplicate check on ingestion, the writer's ON CONFLICT (Model, PredictionId, Role, Version), and the
        // label join and shadow pairing by (Model, PredictionId).
        builder.HasIndex(x => new { x.Model, x.PredictionId, x.Role, x.Version }).IsUnique();
        // Time-range reads and retention's deletes, model by model.
        builder.HasIndex(x => new { x.Model, x.Ts });
        // DDM reads labelled outcomes in label-arrival order.
        builder.HasIndex(x => new { x.Model, x.LabelledAtMs });
    }
}
