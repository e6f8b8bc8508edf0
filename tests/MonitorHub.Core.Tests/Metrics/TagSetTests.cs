using MonitorHub.Core.Metrics;

namespace MonitorHub.Core.Tests.Metrics;

public sealed class TagSetTests
{
    [Fact]
    public void Order_DoesNotChangeTheSeries()
    {
        var a = TagSet.From([new("region", "eu"), new("model_version", "v7")]);
        var b = TagSet.From([new("model_version", "v7"), new("region", "eu")]);
        Assert.Equal(a, b);
        Assert.Equal("model_version=v7,region=eu", a.Key);
    }

    [Theory]
    [InlineData("a,b", "c=d")]
    [InlineData("k", "v=1,x\\y")]
    [InlineData("", "")]
    public void Parse_RoundTripsEscapedKeys(string name, string value)
    {
        var tags = TagSet.From([new(name, value), new("z", "last")]);
        Assert.Equal(tags.ToDictionary(), TagSet.Parse(tags.Key).ToDictionary());
    }

    [Fact]
    public void Matches_RequiresEveryFilterPair()
    {
        var tags = TagSet.From([new("model_version", "v7"), new("region", "eu")]);
        Assert.True(tags.Matches(new Dictionary<string, string> { ["region"] = "eu" }));
        Assert.False(tags.Matches(new Dictionary<string, string> { ["region"] = "us" }));
        Assert.False(tags.Matches(new Dictionary<string, string> { ["zone"] = "a" }));
    }
}
