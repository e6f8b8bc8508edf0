using MonitorHub.Core.Metrics;
using MonitorHub.Core.Metrics.Interop;

namespace MonitorHub.Core.Tests.Metrics.Interop;

public sealed class InteropNamesTests
{
    [Theory]
    [InlineData("http.server.request.duration", "", "http.server.request.duration")]
    [InlineData("MyApp/Latency ms", "", "myapp_latency_ms")]
    [InlineData("prometheus_http_requests_total", "", "prometheus_http_requests_total")]
    [InlineData("rpc.calls", ".count", "rpc.calls.count")]
    [InlineData("héllo", "", "h_llo")]
    public void Names_MapToMetricKeys(string name, string suffix, string expected)
    {
        Assert.True(InteropNames.TryMetricKey(name, suffix, out var key, out _));
        Assert.Equal(expected, key);
        Assert.True(IngestionLimits.IsValidMetricKey(key));
    }

    [Theory]
    [InlineData("")]
    [InlineData("drift.psi")]
    public void EmptyOrReservedNames_AreRefusedWithAReason(string name)
    {
        Assert.False(InteropNames.TryMetricKey(name, "", out _, out var reason));
        Assert.False(string.IsNullOrEmpty(reason));
    }

    [Fact]
    public void OverlongName_IsRefused() =>
        Assert.False(InteropNames.TryMetricKey(new string('a', IngestionLimits.MaxMetricKeyLength - 3), ".count", out _, out _));

    [Fact]
    public void LaterTag_ReplacesEarlierOfTheSameName()
    {
        var tags = InteropNames.TryTags([new("service.name", "resource"), new("route", "/a"), new("service.name", "point")], out _)!;
        Assert.Equal("point", tags.ToDictionary()["service.name"]);
        Assert.Equal(2, tags.Count);
    }

    [Fact]
    public void TagLimits_AreTheIngestionLimits()
    {
        Assert.Null(InteropNames.TryTags([.. Enumerable.Range(0, IngestionLimits.MaxTags + 1).Select(i => new KeyValuePair<string, string>($"k{i}", "v"))], out var tooMany));
        Assert.NotNull(tooMany);
        Assert.Null(InteropNames.TryTags([new("k", new string('v', IngestionLimits.MaxTagValueLength + 1))], out var tooLong));
        Assert.NotNull(tooLong);
    }
}
