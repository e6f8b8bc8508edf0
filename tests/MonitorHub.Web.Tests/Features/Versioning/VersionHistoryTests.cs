using Bunit;
using MonitorHub.Core.Versioning;
using MonitorHub.Infrastructure.Versioning;
using MonitorHub.Web.Features.Versioning;

namespace MonitorHub.Web.Tests.Features.Versioning;

public sealed class VersionHistoryTests : ComponentTestContext
{
    private static readonly DateTimeOffset At = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    private static readonly IReadOnlyList<VersionView> Versions =
    [
        new(2, At.AddHours(1), "eddie", "too noisy at night", "{}", [new FieldChange("threshold", "450", "500")]),
        new(1, At, "admin", "Created", "{}", [new FieldChange("threshold", null, "450")]),
    ];

    [Fact]
    public void Editor_SeesTheDiffAndWhy_AndCanRollBackOnlyOlderVersions()
    {
        int? rolledBack = null;
        var history = Render<VersionHistory>(p => p
            .Add(x => x.Versions, Versions).Add(x => x.CanEdit, true).Add(x => x.OnRollback, v => rolledBack = v));

        var latest = history.Find("[data-testid=version-2]");
        Assert.Contains("too noisy at night", latest.TextContent);
        Assert.Contains("450", latest.QuerySelector(".diff-before")!.TextContent);
        Assert.Contains("500", latest.QuerySelector(".diff-after")!.TextContent);
        Assert.Empty(history.FindAll("[data-testid=rollback-2]"));
        // The first version lists no diff: everything in it is new.
        Assert.Empty(history.Find("[data-testid=version-1]").QuerySelectorAll(".version-diff"));

        history.Find("[data-testid=rollback-1]").Click();

        Assert.Equal(1, rolledBack);
    }

    [Fact]
    public void Viewer_SeesTheHistory_WithoutRollbackButtons()
    {
        var history = Render<VersionHistory>(p => p.Add(x => x.Versions, Versions).Add(x => x.CanEdit, false));

        Assert.Equal(2, history.FindAll("[data-testid^=version-]:not([data-testid=version-history])").Count);
        Assert.Empty(history.FindAll("[data-testid^=rollback-]"));
    }
}
