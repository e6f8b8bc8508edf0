using MonitorHub.Core.Demo;

namespace MonitorHub.Core.Tests.Demo;

public sealed class VoiceSearchBatchTests
{
    [Fact]
    public void EveryCycle_HasOneFailure_AndTwoMissedRunsInARow_LongerThanTheGrace()
    {
        var cycle = Enumerable.Range(0, VoiceSearchBatch.CycleRuns).Select(i => VoiceSearchBatch.Run(1000 + i)).ToList();

        Assert.Single(cycle, r => r.Fails);
        var missed = cycle.Where(r => r.Skipped).Select(r => r.Slot).ToList();
        Assert.Equal(2, missed.Count);
        Assert.Equal(missed[0] + 1, missed[1]);
        // The gap the missed runs leave passes the deadline (interval + grace) by minutes, not seconds.
        Assert.True(3 * VoiceSearchBatch.EveryMinutes > VoiceSearchBatch.EveryMinutes + VoiceSearchBatch.GraceMinutes + 2);
        Assert.All(cycle.Where(r => !r.Skipped && !r.Fails), r => Assert.InRange(r.RowsOut, r.RowsIn * 0.98, r.RowsIn));
    }

    [Fact]
    public void Slots_CountFromTheEpoch_SoARestartPlaysTheSameStory()
    {
        var t = new DateTimeOffset(2026, 12, 1, 10, 7, 30, TimeSpan.Zero);

        var slot = VoiceSearchBatch.SlotAt(t);

        Assert.True(VoiceSearchBatch.SlotStart(slot) <= t && t < VoiceSearchBatch.SlotStart(slot + 1));
        Assert.Equal(VoiceSearchBatch.Run(slot), VoiceSearchBatch.Run(slot));
    }
}
