using System.Text.Json;
using MonitorHub.Core.Alarms;
using MonitorHub.Infrastructure.Alarms;
using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Infrastructure.Tests.Alarms;

public sealed class RuleDefinitionCacheTests
{
    private static AlarmRuleEntity Row(int id, double threshold, string name = "latency") => new()
    {
        Id = id, Name = name, Metric = "api.latency_ms", Enabled = true,
        Definition = JsonSerializer.Serialize(new AlarmRule { Threshold = threshold, Tags = new Dictionary<string, string> { ["host"] = "a" } }, AlarmStore.Json),
    };

    [Fact]
    public void UnchangedDefinition_IsParsedOnce()
    {
        var cache = new RuleDefinitionCache();
        var first = cache.ToRule(Row(1, 500));
        var second = cache.ToRule(Row(1, 500));

        // A fresh parse would build a new tag dictionary.
        Assert.Same(first.Tags, second.Tags);
        Assert.Equal(500, second.Threshold);
    }

    [Fact]
    public void EditedDefinition_IsSeenOnTheNextRead()
    {
        var cache = new RuleDefinitionCache();
        cache.ToRule(Row(1, 500));

        var edited = cache.ToRule(Row(1, 800));

        Assert.Equal(800, edited.Threshold);
    }

    [Fact]
    public void RowColumns_OverrideTheCachedDefinition()
    {
        var cache = new RuleDefinitionCache();
        cache.ToRule(Row(1, 500));

        var renamed = cache.ToRule(Row(1, 500, name: "renamed"));

        Assert.Equal("renamed", renamed.Name);
        Assert.Equal(1, renamed.Id);
    }

    [Fact]
    public void Retain_DropsRulesNoLongerRead()
    {
        var cache = new RuleDefinitionCache();
        var rows = Enumerable.Range(1, 100).Select(i => Row(i, 500)).ToList();
        foreach (var row in rows) cache.ToRule(row);

        cache.Retain(rows.Take(10).ToList());

        Assert.Equal(10, cache.Count);
    }
}
