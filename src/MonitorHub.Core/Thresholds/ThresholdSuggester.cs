using MonitorHub.Core.Alarms;

namespace MonitorHub.Core.Thresholds;

/// <summary>One candidate threshold, derived from history; the caller backtests it so a team picks by evidence.</summary>
public sealed record ThresholdSuggestion(string Method, string Label, double Threshold, IReadOnlyList<double>? HourOfWeek);

public sealed record SuggestionOptions(double Percentile = 99, double Margin = 0.1, double K = 3, int MinPerHour = 5)
{
    public static readonly SuggestionOptions Default = new();
}

/// <summary>
/// Suggests thresholds from the values a rule would have seen (its window aggregate at each
/// evaluation step). An upper rule ('&gt;', '&gt;=') gets limits above the typical value, a lower rule
/// below it. MAD is scaled by 1.4826 so k·MAD is comparable to k·σ for normal data while staying
/// robust to the very incidents the threshold is meant to catch.
/// </summary>
public static class ThresholdSuggester
{
    public const double MadScale = 1.4826;

    public static IReadOnlyList<ThresholdSuggestion> Suggest(
        Comparison comparison, IReadOnlyList<(DateTimeOffset At, double Value)> history, SuggestionOptions? options = null)
    {
        options ??= SuggestionOptions.Default;
        var values = history.Select(h => h.Value).Where(double.IsFinite).ToArray();
        if (values.Length < 2) return [];
        Array.Sort(values);
        var upper = comparison is Comparison.GreaterThan or Comparison.GreaterOrEqual;
        var sign = upper ? 1.0 : -1.0;
        var percentile = upper ? options.Percentile : 100 - options.Percentile;
        var p = Quantile(values, percentile / 100);
        var mean = values.Average();
        var sigma = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
        var median = Quantile(values, 0.5);
        var mad = Spread(values, median);
        var pct = options.Percentile.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
        var k = options.K.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
        var suggestions = new List<ThresholdSuggestion>
        {
            new("percentile", $"p{(upper ? pct : (100 - options.Percentile).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture))} {(upper ? "+" : "−")} {options.Margin:P0} margin",
                p + (sign * options.Margin * Math.Abs(p)), null),
            new("meanSigma", $"mean {(upper ? "+" : "−")} {k}σ", mean + (sign * options.K * sigma), null),
            new("medianMad", $"median {(upper ? "+" : "−")} {k}·MAD", median + (sign * options.K * mad), null),
        };
        if (HourOfWeekBaseline(history, upper, options, median, mad) is { } table)
        {
            suggestions.Add(new("hourOfWeek", $"same hour of week: median {(upper ? "+" : "−")} {k}·MAD", Quantile([.. table.Order()], 0.5), table));
        }

        return suggestions;
    }

    /// <summary>
    /// Per UTC hour of week: that hour's median ± k·MAD. Hours with too few values borrow the overall
    /// median and MAD, so one quiet week does not leave holes. Null when no hour has enough data.
    /// </summary>
    public static double[]? HourOfWeekBaseline(
        IReadOnlyList<(DateTimeOffset At, double Value)> history, bool upper, SuggestionOptions options, double overallMedian, double overallSpread)
    {
        var buckets = new List<double>[AlarmRule.HoursPerWeek];
        foreach (var (at, value) in history)
        {
            if (!double.IsFinite(value)) continue;
            (buckets[AlarmRule.HourOfWeek(at)] ??= []).Add(value);
        }

        if (buckets.All(b => b is null || b.Count < options.MinPerHour)) return null;
        var sign = upper ? 1.0 : -1.0;
        var table = new double[AlarmRule.HoursPerWeek];
        for (var h = 0; h < table.Length; h++)
        {
            var (median, mad) = (overallMedian, overallSpread);
            if (buckets[h] is { } bucket && bucket.Count >= options.MinPerHour)
            {
                var sorted = bucket.Order().ToArray();
                median = Quantile(sorted, 0.5);
                // A perfectly flat hour would get a zero-width band; the overall spread keeps a floor.
                mad = Math.Max(Spread(sorted, median), overallSpread * 0.25);
            }

            table[h] = median + (sign * options.K * mad);
        }

        return table;
    }

    /// <summary>Linear interpolation between closest ranks (numpy's default), on sorted values.</summary>
    public static double Quantile(double[] sorted, double q)
    {
        if (sorted.Length == 0) return double.NaN;
        var position = q * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + ((position - lower) * (sorted[upper] - sorted[lower]));
    }

    /// <summary>
    /// The robust spread: 1.4826·MAD. When more than half the values are identical MAD is 0 and a
    /// threshold at the median would fire on the first wobble, so it falls back to the scaled mean
    /// absolute deviation (1.2533·MeanAD, also σ for normal data), then to 1 % of the median.
    /// </summary>
    public static double Spread(double[] sorted, double median)
    {
        var mad = MadScale * Mad(sorted, median);
        if (mad > 0) return mad;
        var meanAbsolute = 1.2533 * sorted.Average(v => Math.Abs(v - median));
        return meanAbsolute > 0 ? meanAbsolute : Math.Max(Math.Abs(median) * 0.01, 1e-9);
    }

    public static double Mad(double[] sorted, double median)
    {
        var deviations = sorted.Select(v => Math.Abs(v - median)).ToArray();
        Array.Sort(deviations);
        return Quantile(deviations, 0.5);
    }
}
