using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MonitorHub.Infrastructure.Persistence.Configurations;

// The catalogue (systems, components, metric definitions) and metric storage (series, samples,
// rollups): the entities of Entities.cs.

internal sealed class SystemConfiguration : IEntityTypeConfiguration<SystemEntity>
{
    public void Configure(EntityTypeBuilder<SystemEntity> builder)
    {
        builder.ToTable(Tables.Systems.Table);
        builder.Property(x => x.Name).HasMaxLength(200);
        builder.HasIndex(x => x.Name).IsUnique();
        builder.HasMany(x => x.Components).WithOne().HasForeignKey(c => c.SystemId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ComponentConfiguration : IEntityTypeConfiguration<ComponentEntity>
{
    public void Configure(EntityTypeBuilder<ComponentEntity> builder)
    {
        builder.ToTable(Tables.Components.Table);
        builder.Property(x => x.Name).HasMaxLength(200);
        builder.HasIndex(x => new { x.SystemId, x.Name }).IsUnique();
    }
}

internal sealed class ComponentEdgeConfiguration : IEntityTypeConfiguration<ComponentEdgeEntity>
{
    public void Configure(EntityTypeBuilder<ComponentEdgeEntity> builder)
    {
        builder.ToTable(Tables.ComponentEdges.Table);
        builder.HasKey(x => new { x.FromComponentId, x.ToComponentId });
        builder.HasOne<ComponentEntity>().WithMany().HasForeignKey(x => x.FromComponentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ComponentEntity>().WithMany().HasForeignKey(x => x.ToComponentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MetricDefinitionConfiguration : IEntityTypeConfiguration<MetricDefinitionEntity>
{
    public void Configure(EntityTypeBuilder<MetricDefinitionEntity> builder)
    {
        builder.ToTable(Tables.MetricDefinitions.Table);
        builder.HasKey(x => x.Key);
        builder.Property(x => x.Key).HasMaxLength(128);
        builder.Property(x => x.DisplayName).HasMaxLength(200);
        builder.HasOne<SystemEntity>().WithMany().HasForeignKey(x => x.SystemId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<ComponentEntity>().WithMany().HasForeignKey(x => x.ComponentId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class SeriesConfiguration : IEntityTypeConfiguration<SeriesEntity>
{
    public void Configure(EntityTypeBuilder<SeriesEntity> builder)
    {
        builder.ToTable(Tables.Series.Table);
        builder.HasIndex(x => new { x.MetricKey, x.TagsKey }).IsUnique();
    }
}

internal sealed class SampleConfiguration : IEntityTypeConfiguration<SampleEntity>
{
    public void Configure(EntityTypeBuilder<SampleEntity> builder)
    {
        builder.ToTable(Tables.Samples.Table);
        builder.HasIndex(x => new { x.SeriesId, x.Ts });
    }
}

/// <summary>The rollup tiers are WITHOUT ROWID tables clustered on their key (migrations
/// <c>RollupsWithoutRowid</c> and <c>FiveMinuteRollups</c>; EF Core cannot say so in the model): a chart reads a series' periods as
/// contiguous pages instead of one table page per row.</summary>
internal sealed class RollupConfiguration : IEntityTypeConfiguration<RollupEntity>
{
    public void Configure(EntityTypeBuilder<RollupEntity> builder)
    {
        builder.ToTable(Tables.Rollups.Table);
        builder.HasKey(x => new { x.SeriesId, x.Minute });
    }
}

internal sealed class FiveMinuteRollupConfiguration : IEntityTypeConfiguration<FiveMinuteRollupEntity>
{
    public void Configure(EntityTypeBuilder<FiveMinuteRollupEntity> builder)
    {
        builder.ToTable(Tables.FiveMinuteRollups.Table);
        builder.HasKey(x => new { x.SeriesId, x.FiveMinute });
    }
}

internal sealed class HourlyRollupConfiguration : IEntityTypeConfiguration<HourlyRollupEntity>
{
    public void Configure(EntityTypeBuilder<HourlyRollupEntity> builder)
    {
        builder.ToTable(Tables.HourlyRollups.Table);
        builder.HasKey(x => new { x.SeriesId, x.Hour });
    }
}
