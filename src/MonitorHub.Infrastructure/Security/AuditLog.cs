using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MonitorHub.Core.Security;
using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Infrastructure.Security;

/// <summary>Append-only record of every change, with the entity before and after as JSON.</summary>
public sealed class AuditLog(IDbContextFactory<MonitorHubDbContext> contexts, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public async Task RecordAsync(string actor, string action, string entityType, string entityId, object? before, object? after, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.AuditEntries.Add(Entry(actor, action, entityType, entityId, before, after));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Adds the entry to a context the caller saves, so the change and its record commit together.</summary>
    public void Add(MonitorHubDbContext db, string actor, string action, string entityType, string entityId, object? before, object? after) =>
        db.AuditEntries.Add(Entry(actor, action, entityType, entityId, before, after));

    public async Task<(IReadOnlyList<AuditEntry> Entries, int Total)> QueryAsync(AuditFilter filter, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Actor)) query = query.Where(e => e.Actor == filter.Actor);
        if (!string.IsNullOrWhiteSpace(filter.EntityType)) query = query.Where(e => e.EntityType == filter.EntityType);
        if (filter.From is { } from) query = query.Where(e => e.AtMs >= from.ToUnixTimeMilliseconds());
        if (filter.To is { } to) query = query.Where(e => e.AtMs < to.ToUnixTimeMilliseconds());
        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderByDescending(e => e.AtMs).ThenByDescending(e => e.Id)
            .Skip(Math.Max(0, filter.Skip)).Take(Math.Clamp(filter.Take, 1, 500)).ToListAsync(cancellationToken);
        return ([.. rows.Select(r => new AuditEntry(r.Id, DateTimeOffset.FromUnixTimeMilliseconds(r.AtMs), r.Actor, r.Action, r.EntityType, r.EntityId, r.Before, r.After))], total);
    }

    public async Task<IReadOnlyList<string>> ActorsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.AuditEntries.AsNoTracking().Select(e => e.Actor).Distinct().OrderBy(a => a).ToListAsync(cancellationToken);
    }

    private AuditEntryEntity Entry(string actor, string action, string entityType, string entityId, object? before, object? after) => new()
    {
        AtMs = clock.GetUtcNow().ToUnixTimeMilliseconds(),
        Actor = actor,
        Action = action,
        EntityType = entityType,
        EntityId = entityId,
        Before = before is null ? null : JsonSerializer.Serialize(before, Json),
        After = after is null ? null : JsonSerializer.Serialize(after, Json),
    };
}
