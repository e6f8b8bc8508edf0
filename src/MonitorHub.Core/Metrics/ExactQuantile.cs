namespace MonitorHub.Core.Metrics;

/// <summary>Exact quantile with the lower nearest-rank convention floor(q·(n−1)), the same rank
/// the sketch estimates, so raw and rollup answers differ only by the sketch's error.</summary>
public static class ExactQuantile
{
    public static double Of(List<double> values, double q)
    {
        if (values.Count == 0) return double.NaN;
        values.Sort();
        return values[(int)Math.Floor(q * (values.Count - 1))];
    }
}
