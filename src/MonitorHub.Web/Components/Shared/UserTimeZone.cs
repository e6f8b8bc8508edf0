using System.Globalization;
using Microsoft.JSInterop;

namespace MonitorHub.Web.Components.Shared;

/// <summary>The browser's time zone for this circuit; every time on screen is shown in it.</summary>
public sealed class UserTimeZone
{
    private Task? _initialising;

    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;
    public bool IsKnown { get; private set; }
    public string DisplayName => Zone.Id == "UTC" || Zone.Id == "Etc/UTC" ? "UTC" : Zone.Id;
    public string ShortName => DisplayName;

    public event Action? Changed;

    /// <summary>Asks the browser once per circuit; later calls await the same answer.</summary>
    public Task InitialiseAsync(IJSRuntime js) => _initialising ??= LoadAsync(js);

    public DateTime ToLocal(DateTimeOffset t) => TimeZoneInfo.ConvertTime(t, Zone).DateTime;

    public DateTimeOffset FromLocal(DateTime local)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return new DateTimeOffset(unspecified, Zone.GetUtcOffset(unspecified));
    }

    public string Format(DateTimeOffset t, string format = "yyyy-MM-dd HH:mm:ss") => ToLocal(t).ToString(format, CultureInfo.InvariantCulture);

    /// <summary>The form Plotly reads as a local date without shifting it again.</summary>
    public string PlotX(DateTimeOffset t) => ToLocal(t).ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);

    private async Task LoadAsync(IJSRuntime js)
    {
        try
        {
            var id = await js.InvokeAsync<string?>("monitorhub.timeZone");
            if (id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone)) Zone = zone;
            IsKnown = true;
        }
        catch (JSException)
        {
            IsKnown = true;
        }

        Changed?.Invoke();
    }
}
