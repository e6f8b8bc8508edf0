using System.Collections.Concurrent;

namespace MonitorHub.Web.Features.Security;

/// <summary>
/// Failed sign-ins counted per (client address, user name). After <see cref="MaxFailures"/> failures a
/// client is blocked for that user for <see cref="BlockFor"/>; the account itself is never locked, so an
/// outsider guessing at <c>admin</c> blocks only themselves, never the real admin signing in from
/// elsewhere. (Identity's account lockout let anyone keep any account locked indefinitely.) Together
/// with the per-address rate limit this bounds guessing without a captcha.
/// </summary>
public sealed class LoginThrottle(TimeProvider clock)
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan BlockFor = TimeSpan.FromMinutes(15);

    /// <summary>Entries beyond this are pruned of expired ones, so made-up names cannot grow memory.</summary>
    private const int PruneAbove = 10_000;

    private readonly ConcurrentDictionary<(string Client, string User), Entry> _entries = new();

    /// <summary>How long <paramref name="client"/> must still wait before trying <paramref name="user"/>; null when it may try.</summary>
    public TimeSpan? BlockedFor(string client, string user)
    {
        if (!_entries.TryGetValue(Key(client, user), out var entry)) return null;
        var left = entry.BlockedUntil - clock.GetUtcNow();
        return left > TimeSpan.Zero ? left : null;
    }

    public void Failed(string client, string user)
    {
        var now = clock.GetUtcNow();
        _entries.AddOrUpdate(Key(client, user), _ => new Entry(1, DateTimeOffset.MinValue, now), (_, e) =>
        {
            // A block that ran out starts a fresh count.
            var failures = e.BlockedUntil != DateTimeOffset.MinValue && e.BlockedUntil <= now ? 1 : e.Failures + 1;
            return new Entry(failures, failures >= MaxFailures ? now + BlockFor : DateTimeOffset.MinValue, now);
        });
        if (_entries.Count > PruneAbove) Prune(now);
    }

    public void Succeeded(string client, string user) => _entries.TryRemove(Key(client, user), out _);

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, entry) in _entries)
        {
            if (entry.BlockedUntil < now && now - entry.LastFailure > BlockFor) _entries.TryRemove(key, out _);
        }
    }

    private static (string, string) Key(string client, string user) => (client, user.ToUpperInvariant());

    private sealed record Entry(int Failures, DateTimeOffset BlockedUntil, DateTimeOffset LastFailure);
}
