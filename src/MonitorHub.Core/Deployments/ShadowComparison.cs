using MonitorHub.Core.Deployments.Statistics;

namespace MonitorHub.Core.Deployments;

/// <summary>One request answered by the live side (model or human) and by the shadow model, with the
/// ground-truth label once it has arrived.</summary>
public sealed record ShadowRow(string Live, string Shadow, string? Label = null);

/// <summary>A numeric (regression) request answered by both sides, with the true value once known.</summary>
public sealed record NumericShadowRow(double Live, double Shadow, double? Label = null);

/// <summary>Labelled classification pairs: both accuracies and McNemar's exact test on the pairs that
/// exactly one side got right (<see cref="OnlyLiveRight"/> = b, <see cref="OnlyShadowRight"/> = c).</summary>
public sealed record LabelledClassification(
    long Labelled, double LiveAccuracy, double ShadowAccuracy, long OnlyLiveRight, long OnlyShadowRight, double McNemarStatistic, double McNemarPValue);

/// <summary>How a shadow model's labels compare with the live side's.</summary>
public sealed record ClassificationShadowResult(
    long Pairs, long Agreements, double AgreementRate, double AgreementLow, double AgreementHigh, double? Kappa, LabelledClassification? Labelled);

/// <summary>Labelled numeric pairs: mean absolute errors and Wilcoxon on |live − truth| − |shadow − truth|
/// (null when both sides' errors are identical on every pair: nothing to rank).</summary>
public sealed record LabelledNumeric(long Labelled, double LiveMeanAbsoluteError, double ShadowMeanAbsoluteError, WilcoxonResult? ErrorTest);

/// <summary>How a shadow model's numbers compare with the live side's: Wilcoxon signed-rank on live − shadow
/// (null when every difference is zero) and the median difference.</summary>
public sealed record NumericShadowResult(long Pairs, double MedianDifference, WilcoxonResult? Differences, LabelledNumeric? Labelled);

/// <summary>Shadow-mode comparison of paired outputs. Pure: the caller joins live, shadow and label rows by request id.</summary>
public static class ShadowComparison
{
    /// <summary>Agreement with a Wilson interval at <paramref name="confidence"/>, Cohen's κ, and when labels exist
    /// both accuracies and McNemar's exact test. Throws on no rows.</summary>
    public static ClassificationShadowResult Classification(IReadOnlyList<ShadowRow> rows, double confidence = 0.95)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) throw new ArgumentException("A shadow comparison needs at least one pair.", nameof(rows));

        var agreement = Agreement.Compute([.. rows.Select(r => r.Live)], [.. rows.Select(r => r.Shadow)]);
        var interval = Proportions.Wilson(agreement.Agreements, agreement.Pairs, confidence);

        long labelled = 0, liveRight = 0, shadowRight = 0, onlyLive = 0, onlyShadow = 0;
        foreach (var row in rows)
        {
            if (row.Label is null) continue;
            labelled++;
            var live = string.Equals(row.Live, row.Label, StringComparison.Ordinal);
            var shadow = string.Equals(row.Shadow, row.Label, StringComparison.Ordinal);
            if (live) liveRight++;
            if (shadow) shadowRight++;
            if (live && !shadow) onlyLive++;
            if (shadow && !live) onlyShadow++;
        }

        LabelledClassification? labels = null;
        if (labelled > 0)
        {
            var mcNemar = McNemar.Exact(onlyLive, onlyShadow);
            labels = new LabelledClassification(labelled, liveRight / (double)labelled, shadowRight / (double)labelled,
                onlyLive, onlyShadow, mcNemar.Statistic, mcNemar.PValue);
        }

        return new ClassificationShadowResult(agreement.Pairs, agreement.Agreements, agreement.Rate, interval.Low, interval.High, agreement.Kappa, labels);
    }

    /// <summary>Wilcoxon signed-rank on live − shadow (scipy's defaults), and when true values exist the
    /// mean absolute errors and Wilcoxon on the paired absolute errors. Throws on no rows or non-finite values.</summary>
    public static NumericShadowResult Numeric(IReadOnlyList<NumericShadowRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) throw new ArgumentException("A shadow comparison needs at least one pair.", nameof(rows));
        if (rows.Any(r => !double.IsFinite(r.Live) || !double.IsFinite(r.Shadow) || r.Label is { } l && !double.IsFinite(l)))
        {
            throw new ArgumentException("Shadow outputs and labels must be finite.", nameof(rows));
        }

        double[] live = [.. rows.Select(r => r.Live)], shadow = [.. rows.Select(r => r.Shadow)];
        var differences = rows.Select(r => r.Live - r.Shadow).Order().ToArray();
        var mid = differences.Length / 2;
        var median = differences.Length % 2 == 1 ? differences[mid] : (differences[mid - 1] + differences[mid]) / 2;

        var labelledRows = rows.Where(r => r.Label is not null).ToList();
        LabelledNumeric? labelled = null;
        if (labelledRows.Count > 0)
        {
            double[] liveErrors = [.. labelledRows.Select(r => Math.Abs(r.Live - r.Label!.Value))];
            double[] shadowErrors = [.. labelledRows.Select(r => Math.Abs(r.Shadow - r.Label!.Value))];
            labelled = new LabelledNumeric(labelledRows.Count, ShiftEffects.Mean(liveErrors), ShiftEffects.Mean(shadowErrors),
                AnyDifference(liveErrors, shadowErrors) ? Wilcoxon.Test(liveErrors, shadowErrors) : null);
        }

        return new NumericShadowResult(rows.Count, median, AnyDifference(live, shadow) ? Wilcoxon.Test(live, shadow) : null, labelled);
    }

    // scipy raises when every difference is zero; identical outputs are an answer here, not an error.
    private static bool AnyDifference(double[] x, double[] y)
    {
        for (var i = 0; i < x.Length; i++)
        {
            if (x[i] - y[i] != 0) return true;
        }

        return false;
    }
}
