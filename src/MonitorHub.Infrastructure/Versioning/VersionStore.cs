using Microsoft.EntityFrameworkCore;
using MonitorHub.Core.Metrics;
using MonitorHub.Core.Versioning;
using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Infrastructure.Versioning;

/// <summary>A version with what changed against the one before it.</summary>
public sealed record VersionView(int Version, DateTimeOffset At, string Author, string Reason, string Snapshot, IReadOnlyList<FieldChange> Changes);

/// <summary>
/// Version history for rules and metric definitions. A version is written in the same context as
/// the change it records, so a change never lands without its reason.
/// </summary>
public sealed class VersionStore(IDbContextFactory<MonitorHubDbContext> contexts)
{
    public const string Rule = "rule";
    public const string Metric = "metric";

    /// <summary>A system's components and edges (its pipeline DAG).</summary>
    public const string System = "system";
    public const int MaxReasonLength = 500;

    /// <summary>A change (other than creation) must say why; the reason is kept with the version.</summary>
    public static ValidationIssue? CheckReason(string? reason, bool required) =>
        string.IsNullOrWhiteSpace(reason)
            ? required ? new(null, "reason", "Required: say why you are changing it; the reason is kept in the version history.") : null
            : reason.Trim().Length > MaxReasonLength ? new(null, "reason", $"At most {MaxReasonLength} characters.") : null;

    /// <summary>The reason a rollback records: which version it restores, and why if the caller said.</summary>
    public static string RollbackReason(int version, string? reason)
    {
        var why = string.IsNullOrWhiteSpace(reason) ? $"Rolled back to version {version}" : $"Rolled back to version {version}: {reason.Trim()}";
        return why.Length > MaxReasonLength ? why[..MaxReasonLength] : why;
    }

    /// <summary>
    /// Queues version n+1 on <paramref name="db"/>. Things that existed before versioning (auto-registered
    /// metrics, older rules) first get their prior state recorded as version 1, so every diff has a base.
    /// </summary>
    public static async Task<int> AddAsync(
        MonitorHubDbContext db, string entityType, string entityKey, string? before, string after, string author, string reason, long atMs, CancellationToken cancellationToken)
    {
        var latest = await db.Versions.AsNoTracking().Where(v => v.EntityType == entityType && v.EntityKey == entityKey)
            .OrderByDescending(v => v.Version).Select(v => (int?)v.Version).FirstOrDefaultAsync(cancellationToken) ?? 0;
        if (latest == 0 && before is not null)
        {
            db.Versions.Add(new VersionEntity
            {
                EntityType = entityType, EntityKey = entityKey, Version = ++latest, Snapshot = before, AtMs = atMs, Author = "system",
                Reason = "State before version history began",
            });
        }

        db.Versions.Add(new VersionEntity
        {
            EntityType = entityType, EntityKey = entityKey, Version = ++latest, Snapshot = after, AtMs = atMs, Author = author, Reason = reason.Trim(),
        });
        return latest;
    }

    /// <summary>Newest first, each with its diff against the previous version.</summary>
    public async Task<IReadOnlyList<VersionView>> ListAsync(string entityType, string entityKey, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Versions.AsNoTracking().Where(v => v.EntityType == entityType && v.EntityKey == entityKey)
            .OrderBy(v => v.Version).ToListAsync(cancellationToken);
        var views = new List<VersionView>(rows.Count);
        string? previous = null;
        foreach (var row in rows)
        {
            views.Add(new VersionView(row.Version, DateTimeOffset.FromUnixTimeMilliseconds(row.AtMs), row.Author, row.Reason, row.Snapshot, JsonDiff.Diff(previous, row.Snapshot)));
            previous = row.Snapshot;
        }

        views.Reverse();
        return views;
    }

    public async Task<string?> SnapshotAsync(string entityType, string entityKey, int version, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Versions.AsNoTracking().Where(v => v.EntityType == entityType && v.EntityKey == entityKey && v.Version == version)
            .Select(v => v.Snapshot).SingleOrDefaultAsync(cancellationToken);
    }
}
