using System.Globalization;
using MonitorHub.Core.Deployments;
using MonitorHub.Core.Deployments.Statistics;

namespace MonitorHub.Benchmarks;

/// <summary>
/// The canary judge's core test: Mann-Whitney U on 100 000 vs 100 000 latency-like values (lognormal,
/// rounded to 0.01 ms so there are ties), timed from unsorted arrays (copy, sort, rank) and compared with
/// <c>scipy.stats.mannwhitneyu(method='asymptotic')</c> on the same doubles in /usr/bin/python3 in the
/// same run. Also times the Hodges–Lehmann shift (scipy has none; numpy would need 10¹⁰ pairs) and a
/// whole <see cref="Judge.Evaluate"/> of one metric on the same arms.
/// </summary>
internal static class JudgeBenchmark
{
    private const int Size = 100_000;
    private const int Runs = 7;

    private const string ScipyScript = """
        import sys, time, numpy as np
        from scipy import stats
        a = np.fromfile(sys.argv[1], dtype='<f8'); b = np.fromfile(sys.argv[2], dtype='<f8')
        times = []
        for _ in range(int(sys.argv[3])):
            t = time.perf_counter(); r = stats.mannwhitneyu(a, b, method='asymptotic', use_continuity=True); times.append((time.perf_counter() - t) * 1000)
        print(repr(float(np.median(times))), repr(float(r.statistic)), repr(float(r.pvalue)))
        """;

    public static string Run()
    {
        var baseline = Latency(seed: 1, scale: 100);
        var candidate = Latency(seed: 2, scale: 100.5);

        TestOutcome ours = default;
        var mwMs = ScipyBench.Median(Runs, () => ours = MannWhitney.Test(baseline, candidate));
        var hlMs = ScipyBench.Median(Runs, () => ShiftEffects.HodgesLehmann(baseline, candidate));
        var spec = new AnalysisSpec([new AnalysisMetricSpec("latency", AllowedIncrease: 1.1)], []);
        ArmPair[] pairs = [new("latency", null, null, new ArmData(baseline), new ArmData(candidate))];
        var judgeMs = ScipyBench.Median(Runs, () => Judge.Evaluate(spec, pairs));

        var scipy = ScipyBench.Run(ScipyScript, baseline, candidate, 5) is { } parts
            ? (Ms: ScipyBench.Parse(parts[0]), U: ScipyBench.Parse(parts[1]), P: ScipyBench.Parse(parts[2]))
            : ((double Ms, double U, double P)?)null;
        var agree = scipy is { } s
            ? Math.Abs(s.U - ours.Statistic) <= 1e-9 && Math.Abs(s.P - ours.PValue) <= Math.Max(1e-6 * s.P, 1e-12)
            : (bool?)null;
        var scipyMs = scipy is { } t ? t.Ms.ToString("F1", CultureInfo.InvariantCulture) : "na";
        var ratio = scipy is { } r ? (r.Ms / mwMs).ToString("F2", CultureInfo.InvariantCulture) : "na";
        return string.Create(CultureInfo.InvariantCulture,
            $"judge mannwhitney_100k_ms={mwMs:F1} scipy_mannwhitney_100k_ms={scipyMs} ratio={ratio} agree={(agree is null ? "na" : agree.Value ? "true" : "false")} " +
            $"hodges_lehmann_100k_ms={hlMs:F1} judge_evaluate_100k_ms={judgeMs:F1} u={ours.Statistic:R} p={ours.PValue:R}");
    }

    private static double[] Latency(int seed, double scale) =>
        [.. ScipyBench.Normal(Size, 0, seed, sd: 0.3).Select(z => Math.Round(scale * Math.Exp(z), 2))];
}
