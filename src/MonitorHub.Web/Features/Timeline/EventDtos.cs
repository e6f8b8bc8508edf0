using MonitorHub.Core.Export;
using MonitorHub.Core.Timeline;

namespace MonitorHub.Web.Features.Timeline;

/// <summary>One event of the merged history: the same six fields whatever it came from.</summary>
public sealed record EventDto(DateTime Time, string Kind, string Subject, string Actor, string Summary, string Link)
{
    public static EventDto From(TimelineEvent e) => new(e.Time.UtcDateTime, e.Kind, e.Subject, e.Actor, e.Summary, e.Link);

    public const string CsvHeader = "time,kind,subject,actor,summary,link\r\n";

    public static string CsvRow(TimelineEvent e) =>
        CsvCells.Row(e.Time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture), e.Kind, e.Subject, e.Actor, e.Summary, e.Link);
}

/// <summary>A page, newest first; <see cref="NextCursor"/> fetches the next (older) one, null on the last.</summary>
public sealed record EventPageDto(IReadOnlyList<EventDto> Events, string? NextCursor)
{
    public static EventPageDto From(TimelinePage page) => new([.. page.Events.Select(EventDto.From)], page.Next?.Encode());
}
