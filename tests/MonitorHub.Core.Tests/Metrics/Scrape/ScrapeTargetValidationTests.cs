using MonitorHub.Core.Metrics.Scrape;

namespace MonitorHub.Core.Tests.Metrics.Scrape;

public sealed class ScrapeTargetValidationTests
{
    private static ScrapeTargetDraft Draft(int? interval = null, int? timeout = null) =>
        new("triton", "http://triton:8002/metrics", interval, timeout, null, null, null, null, null, null);

    [Fact]
    public void Defaults_Are15SecondsWith10SecondTimeout()
    {
        Assert.Empty(ScrapeTargetValidation.Validate(Draft()));
        Assert.Equal((15, 10), ScrapeTargetValidation.Timing(Draft()));
    }

    [Fact]
    public void ShortInterval_DefaultsTheTimeoutBelowIt()
    {
        Assert.Empty(ScrapeTargetValidation.Validate(Draft(interval: 5)));
        Assert.Equal((5, 4), ScrapeTargetValidation.Timing(Draft(interval: 5)));
    }

    [Theory]
    [InlineData(4, null, "intervalSeconds")]
    [InlineData(3601, null, "intervalSeconds")]
    [InlineData(10, 10, "timeoutSeconds")]
    [InlineData(10, 0, "timeoutSeconds")]
    public void BadTiming_NamesTheField(int interval, int? timeout, string field)
    {
        Assert.Contains(ScrapeTargetValidation.Validate(Draft(interval, timeout)), i => i.Field == field);
    }

    [Fact]
    public void TokenOnSeveralLines_IsRefused()
    {
        var issues = ScrapeTargetValidation.Validate(Draft() with { BearerToken = "abc\r\nX-Injected: 1" });

        Assert.Contains(issues, i => i.Field == "bearerToken");
    }
}
