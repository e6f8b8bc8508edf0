namespace MonitorHub.Infrastructure.Tests.Support;

/// <summary>
/// The test Redis named by <c>MONITORHUB_TEST_REDIS</c> (tests/run.sh starts one; tests/servers-shell.sh by
/// hand). Without the variable <see cref="Require"/> skips the test, saying why. Shared by the
/// Infrastructure and Web tests (linked into the latter).
/// </summary>
public static class RedisServer
{
    public const string Variable = "MONITORHUB_TEST_REDIS";

    /// <summary>A configuration string for the test server whose channels no other test shares: each
    /// call gets its own channel prefix, so tests running in parallel do not hear each other.</summary>
    public static string Require()
    {
        if (Environment.GetEnvironmentVariable(Variable) is not { Length: > 0 } server)
        {
            Assert.Skip($"{Variable} is not set: the Redis tests need a server (tests/run.sh starts one; by hand: tests/servers-shell.sh).");
            return "";
        }

        return $"{server},channelPrefix=mh-test-{Guid.NewGuid():N}:";
    }
}
