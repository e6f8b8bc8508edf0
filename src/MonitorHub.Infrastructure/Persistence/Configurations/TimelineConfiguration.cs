using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MonitorHub.Infrastructure.Persistence.Configurations;

/// <summary>
/// The one mapping of a parent row's timeline (an alarm's events, a rule's evaluations, a channel's
/// notifications, a monitor's runs, a detector's events): read per parent in time order, hence the
/// (parent, time) index, and deleted with the parent, without which the rows mean nothing.
/// </summary>
internal abstract class TimelineConfiguration<T, TParent>(string table, string parentId, string time) : IEntityTypeConfiguration<T>
    where T : class
    where TParent : class
{
    public void Configure(EntityTypeBuilder<T> builder)
    {
        builder.ToTable(table);
        builder.HasIndex(parentId, time);
        builder.HasOne<TParent>().WithMany().HasForeignKey(parentId).OnDelete(DeleteBehavior.Cascade);
    }
}
