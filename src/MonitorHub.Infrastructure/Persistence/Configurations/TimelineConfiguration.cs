using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MonitorHub.Infrastructure.Persistence.Configurations;

/// <summary>
/// The one mapping of a parent row's timeline (an alarm's events, a rule's evaluations, a channel's
/// notifications, a monitor's runs, a detector's events): read per parent in time order, hence the
/// (parent, time) index (and by time alone where the merged history reads them), and deleted with the parent, without which the rows mean nothing.
/// </summary>
internal abstract class TimelineConfiguration<T, TParent>(string table, string parentId, string time, bool indexTime = false) : IEntityTypeConfiguration<T>
    where T : class
    where TParent : class
{
    public void Configure(EntityTypeBuilder<T> builder)
    {
        builder.ToTable(table);
        builder.HasIndex(parentId, time);
        // The merged history (/api/v1/events) reads every parent's rows by time alone.
        if (indexTime) builder.HasIndex(time);
        builder.HasOne<TParent>().WithMany().HasForeignKey(parentId).OnDelete(DeleteBehavior.Cascade);
    }
}
