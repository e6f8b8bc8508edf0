using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MonitorHub.Infrastructure.Persistence.Configurations;

// API keys, the audit log, redaction rules and Data Protection keys: the entities of
// SecurityEntities.cs. Identity's own tables (AppUser and the AspNet* tables) are mapped by
// IdentityDbContext.

internal sealed class DataProtectionKeyConfiguration : IEntityTypeConfiguration<DataProtectionKey>
{
    public void Configure(EntityTypeBuilder<DataProtectionKey> builder) => builder.ToTable(Tables.DataProtectionKeys.Table);
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKeyEntity>
{
    public void Configure(EntityTypeBuilder<ApiKeyEntity> builder)
    {
        builder.ToTable(Tables.ApiKeys.Table);
        builder.Property(x => x.Id).HasMaxLength(32);
        builder.Property(x => x.Name).HasMaxLength(200);
        builder.HasOne<SystemEntity>().WithMany().HasForeignKey(x => x.SystemId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntryEntity>
{
    public void Configure(EntityTypeBuilder<AuditEntryEntity> builder)
    {
        builder.ToTable(Tables.AuditEntries.Table);
        builder.HasIndex(x => x.AtMs);
        builder.HasIndex(x => new { x.EntityType, x.AtMs });
        builder.HasIndex(x => new { x.Actor, x.AtMs });
    }
}

internal sealed class SensitiveFieldConfiguration : IEntityTypeConfiguration<SensitiveFieldEntity>
{
    public void Configure(EntityTypeBuilder<SensitiveFieldEntity> builder)
    {
        builder.ToTable(Tables.SensitiveFields.Table);
        builder.HasKey(x => new { x.SystemId, x.Name });
        builder.HasOne<SystemEntity>().WithMany().HasForeignKey(x => x.SystemId).OnDelete(DeleteBehavior.Cascade);
    }
}
