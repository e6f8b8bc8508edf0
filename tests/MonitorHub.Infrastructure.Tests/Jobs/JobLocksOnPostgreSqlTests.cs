using Hangfire;
using Hangfire.Storage;
using MonitorHub.Infrastructure.Jobs;
using MonitorHub.Infrastructure.Tests.Support;

namespace MonitorHub.Infrastructure.Tests.Jobs;

public sealed class JobLocksOnPostgreSqlTests
{
    private const string Resource = "monitorhub:RuleEvaluationJob.RunDueAsync";

    [Fact]
    public async Task AJobsLock_IsHeldByOneNodeAtATime_AndFreedWhenItsRunEnds()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var tryAcquire = LocksOn(database);

        var held = tryAcquire(Resource);
        Assert.NotNull(held);
        Assert.Null(tryAcquire(Resource));
        using (var other = tryAcquire("monitorhub:DeploymentJob.RunAsync")) Assert.NotNull(other);

        held.Dispose();
        using var again = tryAcquire(Resource);
        Assert.NotNull(again);
    }

    [Fact]
    public async Task AJobsLock_IsFreed_WhenTheNodeHoldingItLosesItsConnection_NotMinutesLater()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var tryAcquire = LocksOn(database);
        var held = tryAcquire(Resource);
        Assert.NotNull(held);

        // As when the holding node is killed: the server ends its session.
        await database.DisconnectAsync();
        await database.ReconnectAsync();

        using var taken = tryAcquire(Resource);
        Assert.NotNull(taken);
        held.Dispose(); // the dead holder's release changes nothing and does not throw
        Assert.Null(tryAcquire(Resource));
    }

    private static Func<string, IDisposable?> LocksOn(PostgresDatabase database)
    {
        var storage = new NoStorage();
        JobLocks.UseAdvisoryLocks(storage, database.ConnectionString);
        return JobLocks.For(storage)!;
    }

    private sealed class NoStorage : JobStorage
    {
        public override IMonitoringApi GetMonitoringApi() => throw new NotSupportedException();

        public override IStorageConnection GetConnection() => throw new NotSupportedException();
    }
}
