using System.Globalization;
using Microsoft.EntityFrameworkCore;
using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Infrastructure.Security;

/// <summary>The one way a store deletes a row by id: the row and the audit entry holding its last
/// state commit together, so no delete goes unrecorded.</summary>
internal static class AuditedDelete
{
    /// <returns>False when there is no row with that id (nothing was changed).</returns>
    public static async Task<bool> DeleteAuditedAsync<T>(
        this IDbContextFactory<MonitorHubDbContext> contexts, AuditLog audit, Func<MonitorHubDbContext, DbSet<T>> table, int id,
        string actor, string entityType, Func<T, object?> before, CancellationToken cancellationToken)
        where T : class
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = table(db);
        var row = await rows.FindAsync([id], cancellationToken);
        if (row is null) return false;
        var state = before(row);
        rows.Remove(row);
        audit.Add(db, actor, "delete", entityType, id.ToString(CultureInfo.InvariantCulture), state, null);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
