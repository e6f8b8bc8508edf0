namespace MonitorHub.E2E;

/// <summary>
/// Tests that assert a latency the product promises (a pushed sample on the chart within a second)
/// run alone, after the parallel collections: on two cores another test's kill -9 loop or CSV upload
/// would otherwise be measured with them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimedCollection
{
    public const string Name = "Timed";
}
