using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace MonitorHub.Benchmarks;

/// <summary>What the statistics benchmarks share: seeded inputs, median timing, and scipy timed on the
/// same doubles in Debian's /usr/bin/python3 in the same run.</summary>
internal static class ScipyBench
{
    /// <summary>Runs <paramref name="script"/> as <c>python3 script a.f64 b.f64 repeats</c> (the two samples as
    /// little-endian float64 files) and returns its stdout split on spaces; null without Python or on failure.</summary>
    public static string[]? Run(string script, double[] a, double[] b, int repeats)
    {
        const string python = "/usr/bin/python3";
        if (!File.Exists(python)) return null;
        var dir = Directory.CreateTempSubdirectory("scipy-bench");
        try
        {
            var fa = Path.Combine(dir.FullName, "a.f64");
            var fb = Path.Combine(dir.FullName, "b.f64");
            var path = Path.Combine(dir.FullName, "bench.py");
            File.WriteAllBytes(fa, MemoryMarshal.AsBytes(a.AsSpan()).ToArray());
            File.WriteAllBytes(fb, MemoryMarshal.AsBytes(b.AsSpan()).ToArray());
            File.WriteAllText(path, script);
            using var process = Process.Start(new ProcessStartInfo(python, [path, fa, fb, repeats.ToString(CultureInfo.InvariantCulture)])
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            })!;
            var output = process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            if (!process.WaitForExit(TimeSpan.FromMinutes(3)) || process.ExitCode != 0) return null;
            return output.Trim().Split(' ');
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    public static double Parse(string value) => double.Parse(value, CultureInfo.InvariantCulture);

    /// <summary>Median wall time in ms of <paramref name="runs"/> runs after one warm-up (JIT, page faults).</summary>
    public static double Median(int runs, Action action)
    {
        action();
        var times = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var sw = Stopwatch.StartNew();
            action();
            times[i] = sw.Elapsed.TotalMilliseconds;
        }

        Array.Sort(times);
        return times[runs / 2];
    }

    /// <summary>Seeded normal draws (Box–Muller).</summary>
    public static double[] Normal(int n, double mean, int seed, double sd = 1)
    {
        var rng = new Random(seed);
        var values = new double[n];
        for (var i = 0; i < n; i++) values[i] = mean + sd * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        return values;
    }
}
