using System.Globalization;

namespace MonitorHub.Web.Components.Shared;

/// <summary>
/// The app's clock, seen from this circuit's browser: <see cref="TimeProvider.LocalTimeZone"/> is the
/// browser's zone once <see cref="BrowserTimeZone"/> has asked for it (UTC until then), and every time
/// on screen is shown in it. Scoped, so each tab has its own zone; the time itself comes from the
/// app's <see cref="TimeProvider"/>, so tests' fake clocks still rule.
/// </summary>
public sealed class BrowserTimeProvider(TimeProvider clock) : TimeProvider
{
    // Continuations run inline: set from the renderer's context (BrowserTimeZone), the charts waiting
    // for the zone draw at once, on that same context.
    private readonly TaskCompletionSource _known = new();
    private TimeZoneInfo _zone = TimeZoneInfo.Utc;

    public override TimeZoneInfo LocalTimeZone => _zone;

    public override DateTimeOffset GetUtcNow() => clock.GetUtcNow();

    public override long GetTimestamp() => clock.GetTimestamp();

    public override long TimestampFrequency => clock.TimestampFrequency;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        clock.CreateTimer(callback, state, dueTime, period);

    public bool IsKnown => _known.Task.IsCompleted;

    /// <summary>Completes once the browser has answered (or could not): charts wait for it rather than draw in UTC first.</summary>
    public Task WhenKnown => _known.Task;

    /// <summary>Raised once, when the zone becomes known, for components showing times to re-render.</summary>
    public event Action? Changed;

    public string DisplayName => _zone.Id is "UTC" or "Etc/UTC" ? "UTC" : _zone.Id;

    public string ShortName => DisplayName;

    /// <summary>
    /// Set once per circuit; later calls are ignored, so a second initializer cannot move times
    /// already drawn. An unknown or missing zone id leaves UTC, but the zone still counts as known.
    /// </summary>
    public void SetBrowserTimeZone(string? id)
    {
        if (IsKnown) return;
        if (id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone)) _zone = zone;
        _known.TrySetResult();
        Changed?.Invoke();
    }

    public DateTime ToLocal(DateTimeOffset t) => TimeZoneInfo.ConvertTime(t, _zone).DateTime;

    public DateTimeOffset FromLocal(DateTime local)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return new DateTimeOffset(unspecified, _zone.GetUtcOffset(unspecified));
    }

    public string Format(DateTimeOffset t, string format = "yyyy-MM-dd HH:mm:ss") => ToLocal(t).ToString(format, CultureInfo.InvariantCulture);

    /// <summary>The form Plotly reads as a local date without shifting it again.</summary>
    public string PlotX(DateTimeOffset t) => ToLocal(t).ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);
}
