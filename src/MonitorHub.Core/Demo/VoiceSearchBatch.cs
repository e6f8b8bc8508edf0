namespace MonitorHub.Core.Demo;

/// <summary>One scheduled run of the demo's batch job, as the script plays it.</summary>
public sealed record DemoBatchRun(long Slot, bool Skipped, bool Fails, TimeSpan Duration, double RowsIn, double RowsOut, string Message);

/// <summary>
/// The demo's nightly feature-extraction batch job, with the night compressed to a few minutes of demo
/// time so a newcomer sees its schedule, a failure and a missed run within half an hour. Every cycle of
/// ten runs has one failure and then two missed runs in a row: the dead man's switch (schedule + grace)
/// passes while nothing runs, and its alarm opens until the next success.
/// </summary>
public static class VoiceSearchBatch
{
    public const string Job = "feature-extraction";
    public const string Component = "Speech recognition";
    public const string Description = "Nightly extraction of audio features from yesterday's utterances for retraining (the demo runs a night every 3 minutes).";

    /// <summary>The compressed night: one expected run every this many minutes.</summary>
    public const int EveryMinutes = 3;
    public const int GraceMinutes = 1;
    public const int CycleRuns = 10;
    public const int FailingSlot = 3;
    public static readonly IReadOnlyList<int> MissedSlots = [6, 7];

    /// <summary>
    /// The slot of time <paramref name="t"/>, counted from the Unix epoch: the story's phase and the run ids
    /// (<c>fe-&lt;slot&gt;</c>) do not depend on when the demo started, so a restart never reuses a run id.
    /// </summary>
    public static long SlotAt(DateTimeOffset t) => (long)Math.Floor((t - DateTimeOffset.UnixEpoch).TotalMinutes / EveryMinutes);

    public static DateTimeOffset SlotStart(long slot) => DateTimeOffset.UnixEpoch.AddMinutes(slot * EveryMinutes);

    /// <summary>What run <paramref name="slot"/> does: deterministic, so a restarted demo plays the same story.</summary>
    public static DemoBatchRun Run(long slot)
    {
        var inCycle = (int)(((slot % CycleRuns) + CycleRuns) % CycleRuns);
        var random = new Random(unchecked((int)slot * 7919 + 17));
        var rowsIn = Math.Round(118_000 + random.NextDouble() * 6_000);
        if (MissedSlots.Contains(inCycle)) return new(slot, Skipped: true, Fails: false, TimeSpan.Zero, 0, 0, "");
        if (inCycle == FailingSlot)
            return new(slot, Skipped: false, Fails: true, TimeSpan.FromSeconds(12 + random.Next(4)), rowsIn, 0, "Worker 3 ran out of memory decoding a corrupt audio file.");
        var duration = TimeSpan.FromSeconds(25 + random.Next(15));
        return new(slot, Skipped: false, Fails: false, duration, rowsIn, Math.Round(rowsIn * (0.985 + random.NextDouble() * 0.01)), "");
    }
}
