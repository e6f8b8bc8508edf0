using MonitorHub.Core.Drift.Streaming;

namespace MonitorHub.Core.Tests.Drift;

public sealed class StreamingDetectorTests
{
    private static IEnumerable<double> Gaussian(int n, double mean, double sd, int seed)
    {
        var rng = new Random(seed);
        for (var i = 0; i < n; i++) yield return mean + sd * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
    }

    private static int FirstDetection(Func<double, bool> update, IEnumerable<double> stream)
    {
        var i = 0;
        foreach (var x in stream)
        {
            if (update(x)) return i;
            i++;
        }

        return -1;
    }

    [Fact]
    public void PageHinkley_SuddenUpwardShift_IsDetectedWithinAFewDozenSamples()
    {
        var ph = new PageHinkley();

        // river's threshold (50) is in the stream's unit x samples: noise must be small next to it.
        var at = FirstDetection(ph.Update, Gaussian(1000, 0, 0.2, 1).Concat(Gaussian(1000, 5, 0.2, 2)));

        Assert.InRange(at, 1000, 1030);
    }

    [Fact]
    public void PageHinkley_SuddenDownwardShift_IsDetectedInBothMode()
    {
        var ph = new PageHinkley();

        Assert.InRange(FirstDetection(ph.Update, Gaussian(1000, 5, 0.2, 3).Concat(Gaussian(1000, 0, 0.2, 4))), 1000, 1030);
    }

    [Fact]
    public void PageHinkley_StationaryStream_DoesNotAlarm()
    {
        var ph = new PageHinkley();

        Assert.Equal(-1, FirstDetection(ph.Update, Gaussian(10_000, 3, 0.1, 5)));
    }

    [Fact]
    public void PageHinkley_ResumedFromState_ContinuesIdentically()
    {
        var stream = Gaussian(1000, 0, 1, 6).Concat(Gaussian(500, 4, 1, 7)).ToArray();
        var whole = new PageHinkley();
        var first = new PageHinkley();
        foreach (var x in stream[..700]) { whole.Update(x); first.Update(x); }

        var resumed = new PageHinkley(state: first.State);

        Assert.Equal(FirstDetection(whole.Update, stream[700..]), FirstDetection(resumed.Update, stream[700..]));
        Assert.Equal(whole.State, resumed.State);
    }

    [Fact]
    public void Adwin_SuddenShift_IsDetectedWithinAFewClockTicks()
    {
        var adwin = new Adwin();

        var at = FirstDetection(adwin.Update, Gaussian(2000, 0, 1, 8).Concat(Gaussian(1000, 2, 1, 9)));

        Assert.InRange(at, 2000, 2000 + 4 * 32);
        Assert.True(adwin.Width < 3000);
    }

    [Fact]
    public void Adwin_GradualDrift_IsDetected()
    {
        var adwin = new Adwin();
        var ramp = Gaussian(3000, 0, 1, 11).Select((x, i) => x + 3.0 * i / 3000);

        Assert.InRange(FirstDetection(adwin.Update, Gaussian(2000, 0, 1, 10).Concat(ramp)), 2000, 5000);
    }

    [Fact]
    public void Adwin_StationaryStream_DoesNotAlarm()
    {
        var adwin = new Adwin();

        Assert.Equal(-1, FirstDetection(adwin.Update, Gaussian(20_000, 1, 1, 12)));
        Assert.Equal(20_000, adwin.Width);
    }

    [Fact]
    public void Adwin_ResumedFromState_ContinuesIdentically()
    {
        var stream = Gaussian(3000, 0, 1, 13).Concat(Gaussian(1000, 1.5, 1, 14)).ToArray();
        var whole = new Adwin();
        var first = new Adwin();
        foreach (var x in stream[..2500]) { whole.Update(x); first.Update(x); }

        var resumed = new Adwin(state: first.State);

        Assert.Equal(FirstDetection(whole.Update, stream[2500..]), FirstDetection(resumed.Update, stream[2500..]));
        Assert.Equal(whole.Width, resumed.Width);
        Assert.Equal(whole.Estimation, resumed.Estimation);
    }

    [Fact]
    public void Ddm_ErrorRateJump_WarnsThenDetects()
    {
        var ddm = new Ddm();
        var rng = new Random(15);
        var warned = -1;
        var detected = -1;
        // DDM's minima are noisy right after the warm-up (river behaves the same), so only
        // detections once the estimate has settled (after 1000 outcomes) are judged.
        for (var i = 0; i < 4000 && detected < 0; i++)
        {
            var error = rng.NextDouble() < (i < 2000 ? 0.1 : 0.4);
            if (ddm.Update(error) && i >= 1000) detected = i;
            else if (ddm.WarningDetected && warned < 0 && i >= 2000) warned = i;
        }

        Assert.InRange(detected, 2000, 2150);
        Assert.InRange(warned, 2000, detected);
    }

    [Fact]
    public void Ddm_StationaryErrorRate_DoesNotAlarmOnceSettled()
    {
        var ddm = new Ddm();
        var rng = new Random(16);

        var alarms = Enumerable.Range(0, 5_000).Count(i => ddm.Update(rng.NextDouble() < 0.2) && i >= 1000);

        Assert.Equal(0, alarms);
    }

    [Fact]
    public void Ddm_AfterDrift_NextUpdateStartsFresh()
    {
        var ddm = new Ddm(new DdmOptions(WarmStart: 5));
        foreach (var e in Enumerable.Repeat(false, 50)) ddm.Update(e);
        while (!ddm.Update(true)) { }

        ddm.Update(false);

        Assert.Equal(1, ddm.State.Count);
        Assert.False(ddm.DriftDetected);
    }
}
