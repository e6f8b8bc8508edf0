using Microsoft.EntityFrameworkCore;
using MonitorHub.Core;
using MonitorHub.Core.Alarms;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Persistence;
using MonitorHub.Infrastructure.Security;

namespace MonitorHub.Infrastructure.Alarms;

/// <summary>Silences: created and expired by on-call staff, each change audited.</summary>
public sealed class SilenceStore(IDbContextFactory<MonitorHubDbContext> contexts, AuditLog audit, TimeProvider clock)
{
    public async Task<IReadOnlyList<Silence>> ListAsync(bool includeExpired, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var query = db.Silences.AsNoTracking();
        if (!includeExpired) query = query.Where(s => s.EndsAtMs > now);
        var rows = await query.OrderByDescending(s => s.StartsAtMs).Take(500).ToListAsync(cancellationToken);
        return [.. rows.Select(ToSilence)];
    }

    /// <summary>Silences in force now, for marking alarms and muting their notifications.</summary>
    public async Task<IReadOnlyList<Silence>> ActiveAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        return [.. (await ListAsync(false, cancellationToken)).Where(s => s.IsActive(now))];
    }

    public async Task<StoreResult<Silence>> CreateAsync(Silence draft, string actor, CancellationToken cancellationToken = default)
    {
        var silence = draft with { CreatedBy = actor };
        var issues = Silence.Validate(silence);
        if (issues.Count > 0) return StoreResult<Silence>.Invalid(issues);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = new SilenceEntity
        {
            RuleId = silence.RuleId, Severity = (int?)silence.Severity, TagsKey = TagSet.From(silence.Tags).Key,
            StartsAtMs = silence.StartsAt.ToUnixTimeMilliseconds(), EndsAtMs = silence.EndsAt.ToUnixTimeMilliseconds(),
            Comment = silence.Comment.Trim(), CreatedBy = actor,
        };
        db.Silences.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        var created = ToSilence(row);
        await audit.RecordAsync(actor, "create", "silence", row.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), null, created, cancellationToken);
        return StoreResult<Silence>.Ok(created);
    }

    /// <summary>Ends a silence now; it stays listed as expired.</summary>
    public async Task<bool> ExpireAsync(int id, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Silences.SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (row is null) return false;
        var before = ToSilence(row);
        row.EndsAtMs = Math.Min(row.EndsAtMs, clock.GetUtcNow().ToUnixTimeMilliseconds());
        audit.Add(db, actor, "expire", "silence", id.ToString(System.Globalization.CultureInfo.InvariantCulture), before, ToSilence(row));
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    private static Silence ToSilence(SilenceEntity s) => new(
        s.Id, s.RuleId, (Severity?)s.Severity, TagSet.Parse(s.TagsKey).ToDictionary(),
        DateTimeOffset.FromUnixTimeMilliseconds(s.StartsAtMs), DateTimeOffset.FromUnixTimeMilliseconds(s.EndsAtMs), s.Comment, s.CreatedBy);
}
