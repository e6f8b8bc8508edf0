using MonitorHub.Infrastructure.Alarms;

namespace MonitorHub.Infrastructure.Tests.Alarms;

public sealed class RuleDueTests
{
    private static long At(int minute, double second) =>
        new DateTimeOffset(2026, 11, 30, 3, minute, 0, TimeSpan.Zero).AddSeconds(second).ToUnixTimeMilliseconds();

    [Fact]
    public void LateRun_FollowedByAnEarlyOne_DoesNotSkipATick()
    {
        // Started 4 s late on the :00 tick, 0.3 s late on the :10 tick: 6.3 s apart, yet a new slot.
        Assert.True(RuleEvaluationService.IsDue(At(0, 4), At(0, 10.3), intervalSeconds: 10));
    }

    [Fact]
    public void SecondRun_InTheSameSlot_IsNotDue()
    {
        Assert.False(RuleEvaluationService.IsDue(At(0, 10.3), At(0, 19.9), intervalSeconds: 10));
        Assert.False(RuleEvaluationService.IsDue(At(0, 1), At(0, 59), intervalSeconds: 60));
    }

    [Fact]
    public void NeverEvaluated_IsDue() => Assert.True(RuleEvaluationService.IsDue(null, At(0, 0), intervalSeconds: 60));

    [Fact]
    public void MinuteRule_IsDueOncePerMinute()
    {
        Assert.True(RuleEvaluationService.IsDue(At(0, 2), At(1, 0.5), intervalSeconds: 60));
    }
}
