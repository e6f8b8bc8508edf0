using Bunit;
using MonitorHub.Web.Features.DriftCheck;

namespace MonitorHub.Web.Tests.Features.DriftCheck;

public sealed class DriftCheckPageTests : ComponentTestContext
{
    [Fact]
    public void BeforeUpload_ShowsTheEmptyState_AndRunIsDisabled()
    {
        var page = Render<DriftCheckPage>();

        Assert.Contains("No check yet", page.Find("[data-testid=empty-state]").TextContent);
        Assert.True(page.Find("[data-testid=drift-run]").HasAttribute("disabled"));
        Assert.Contains("No file yet.", page.Find("[data-testid=reference-summary]").TextContent);
        Assert.Contains("No file yet.", page.Find("[data-testid=current-summary]").TextContent);
    }
}
