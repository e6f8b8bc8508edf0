using System.Globalization;
using MonitorHub.Core.Drift;

namespace MonitorHub.Benchmarks;

/// <summary>
/// Two-sample KS on 1 000 000 vs 1 000 000 normal values, timed as a real run does it: the reference
/// comes from a profile (already sorted), the current window is copied and sorted inside the timing.
/// Compared with scipy's ks_2samp on the same doubles in /usr/bin/python3 (which sorts both), plus a
/// dataset drift run over 50 numeric columns × 100 000 rows against a precomputed profile.
/// </summary>
internal static class DriftBenchmark
{
    private const int KsSize = 1_000_000;
    private const int Columns = 50;
    private const int Rows = 100_000;
    private const int Runs = 7;

    private const string ScipyScript = """
        import sys, time, numpy as np
        from scipy import stats
        a = np.fromfile(sys.argv[1], dtype='<f8'); b = np.fromfile(sys.argv[2], dtype='<f8')
        times = []
        for _ in range(int(sys.argv[3])):
            t = time.perf_counter(); r = stats.ks_2samp(a, b); times.append((time.perf_counter() - t) * 1000)
        print(repr(float(np.median(times))), repr(float(r.statistic)), repr(float(r.pvalue)))
        """;

    public static string Run()
    {
        var reference = Normal(KsSize, 0.0, seed: 1);
        var current = Normal(KsSize, 0.0, seed: 2);
        var profile = NumericProfile.FromSorted(reference.Order().ToArray());

        KsResult ours = default;
        var ksMs = Median(Runs, () =>
        {
            var window = (double[])current.Clone();
            Array.Sort(window);
            ours = KolmogorovSmirnov.TwoSample(profile.SortedValues, window);
        });

        var monitorMs = MonitorRun();
        var scipy = Scipy(reference, current);
        var agree = scipy is { } s
            ? Math.Abs(s.D - ours.Statistic) <= 1e-9 && Math.Abs(s.P - ours.PValue) <= Math.Max(1e-6 * s.P, 1e-12)
            : (bool?)null;
        var scipyMs = scipy is { } t ? t.Ms.ToString("F1", CultureInfo.InvariantCulture) : "na";
        var ratio = scipy is { } r ? (r.Ms / ksMs).ToString("F2", CultureInfo.InvariantCulture) : "na";
        return string.Create(CultureInfo.InvariantCulture,
            $"drift ks_1m_ms={ksMs:F1} monitor_50x100k_ms={monitorMs:F1} scipy_ks_1m_ms={scipyMs} ratio={ratio} agree={(agree is null ? "na" : agree.Value ? "true" : "false")} d={ours.Statistic:R} p={ours.PValue:R} reference_presorted=true");
    }

    private static double MonitorRun()
    {
        var names = Enumerable.Range(0, Columns).Select(i => "col" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
        var profile = ReferenceProfile.Build(names.Select((n, i) => ColumnData.Numeric(n, [.. Normal(Rows, 0, 100 + i).Select(v => (double?)v)])));
        var current = names.Select((n, i) => ColumnData.Numeric(n, [.. Normal(Rows, i % 5 == 0 ? 0.3 : 0, 200 + i).Select(v => (double?)v)])).ToList();
        var options = new DriftRunOptions { Correction = MultipleTestCorrection.BenjaminiHochberg };
        return Median(5, () => DatasetDrift.Run(profile, current, options));
    }

    private static (double Ms, double D, double P)? Scipy(double[] a, double[] b) =>
        ScipyBench.Run(ScipyScript, a, b, 5) is { } parts ? (ScipyBench.Parse(parts[0]), ScipyBench.Parse(parts[1]), ScipyBench.Parse(parts[2])) : null;

    private static double Median(int runs, Action action) => ScipyBench.Median(runs, action);

    private static double[] Normal(int n, double mean, int seed) => ScipyBench.Normal(n, mean, seed);
}
