using System.Globalization;
using System.Text;

namespace MonitorHub.Core.Timeline;

/// <summary>
/// Where a page ended: the key (time, kind, id) of its last event. Opaque to clients (base64url), so
/// the encoding can change without breaking them; a cursor that does not decode is a bad request.
/// </summary>
public sealed record TimelineCursor(long TimeMs, string Kind, long Id)
{
    public static TimelineCursor After(TimelineEvent last) => new(last.Time.ToUnixTimeMilliseconds(), last.Kind, last.Id);

    public string Encode()
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{TimeMs}|{Kind}|{Id}");
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static TimelineCursor? TryDecode(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > 200) return null;
        try
        {
            var base64 = text.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(base64)).Split('|');
            return parts.Length == 3
                && long.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var time)
                && TimelineKinds.IsKnown(parts[1])
                && long.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var id)
                ? new TimelineCursor(time, parts[1], id)
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// What one source of <paramref name="kind"/> may still return after this cursor, as a bound its
    /// time index can seek: rows with time &lt; <see cref="SourceBound.UpToMs"/>, or at exactly that time
    /// with id &lt; <see cref="SourceBound.IdBelow"/>. A kind that sorts after the cursor's kind (so came
    /// earlier on the page) has had its rows at the cursor's millisecond already; one that sorts before
    /// has had none of them.
    /// </summary>
    public SourceBound BoundFor(string kind)
    {
        var order = string.CompareOrdinal(kind, Kind);
        return order == 0 ? new SourceBound(TimeMs, Id)
            : order > 0 ? new SourceBound(TimeMs, long.MinValue)
            : new SourceBound(TimeMs, long.MaxValue);
    }
}

/// <summary>A source's upper bound on (time, id): see <see cref="TimelineCursor.BoundFor"/>.</summary>
public sealed record SourceBound(long UpToMs, long IdBelow)
{
    /// <summary>Everything strictly before <paramref name="toMs"/>: the first page of a half-open range.</summary>
    public static SourceBound Before(long toMs) => new(toMs, long.MinValue);

    /// <summary>The tighter of this and the range's end.</summary>
    public SourceBound Within(long toMs) => toMs <= UpToMs ? Before(toMs) : this;

    public bool Admits(long timeMs, long id) => timeMs < UpToMs || (timeMs == UpToMs && id < IdBelow);
}
