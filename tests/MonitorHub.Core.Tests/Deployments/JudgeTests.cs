using MonitorHub.Core.Deployments;

namespace MonitorHub.Core.Tests.Deployments;

public sealed class JudgeTests
{
    private static double[] Normal(int seed, int n, double mean, double sd)
    {
        var random = new Random(seed);
        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            values[i] = mean + sd * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }

        return values;
    }

    private static ArmPair Latency(double candidateMean, int candidateN = 500, string? tag = null, string? value = null, int seed = 1, string metric = "latency") =>
        new(metric, tag, value, new ArmData(Normal(seed, 500, 100, 10)), new ArmData(Normal(seed + 1000, candidateN, candidateMean, 10)));

    private static AnalysisSpec Spec(params AnalysisMetricSpec[] metrics) => new(metrics, []);

    [Fact]
    public void Evaluate_NoChange_PassesWithFullScore()
    {
        var result = Judge.Evaluate(Spec(new AnalysisMetricSpec("latency", AllowedIncrease: 1.1)), [Latency(100)]);

        Assert.Equal(RunVerdict.Pass, result.Verdict);
        Assert.Equal(100, result.Score);
        var m = Assert.Single(result.Metrics);
        Assert.Equal(MetricVerdict.Pass, m.Verdict);
        Assert.Equal("mannWhitney", m.Test);
        Assert.Equal(500, m.Candidate.N);
        Assert.NotNull(m.PValue);
    }

    [Fact]
    public void Evaluate_LatencyRegressionBeyondAllowedIncrease_IsHighAndFails()
    {
        var result = Judge.Evaluate(Spec(new AnalysisMetricSpec("latency", AllowedIncrease: 1.1)), [Latency(130)]);

        var m = Assert.Single(result.Metrics);
        Assert.Equal(MetricVerdict.High, m.Verdict);
        Assert.True(m.PValue < 1e-10);
        Assert.InRange(m.Effect!.Value, 25, 35); // Hodges–Lehmann shift ≈ +30
        Assert.InRange(m.Ratio!.Value, 1.25, 1.35);
        Assert.Equal(RunVerdict.Fail, result.Verdict);
        Assert.Equal(0, result.Score);
        Assert.Contains(result.Reasons, r => r.Contains("latency (overall)") && r.Contains("above the allowed 1.1"));
    }

    [Fact]
    public void Evaluate_SignificantChangeWithinAllowedRatio_Passes()
    {
        var result = Judge.Evaluate(Spec(new AnalysisMetricSpec("latency", AllowedIncrease: 1.2)), [Latency(110)]);

        var m = Assert.Single(result.Metrics);
        Assert.True(m.PValue < 0.05);
        Assert.Equal(MetricVerdict.Pass, m.Verdict);
        Assert.Contains("within the allowed", m.Reason);
        Assert.Equal(RunVerdict.Pass, result.Verdict);
    }

    [Fact]
    public void Evaluate_DirectionDecrease_IgnoresRiseButFailsFall()
    {
        var spec = Spec(new AnalysisMetricSpec("throughput", Direction: MetricDirection.Decrease, AllowedDecrease: 0.9));

        var rise = Judge.Evaluate(spec, [Latency(130, metric: "throughput")]);
        var fall = Judge.Evaluate(spec, [Latency(70, metric: "throughput")]);

        Assert.Equal(MetricVerdict.Pass, rise.Metrics[0].Verdict);
        Assert.Contains("only a fall counts", rise.Metrics[0].Reason);
        Assert.Equal(MetricVerdict.Low, fall.Metrics[0].Verdict);
        Assert.Equal(RunVerdict.Fail, fall.Verdict);
    }

    [Fact]
    public void Evaluate_DirectionEither_FailsBothWays()
    {
        var spec = Spec(new AnalysisMetricSpec("score", Direction: MetricDirection.Either, AllowedIncrease: 1.1, AllowedDecrease: 0.9));

        Assert.Equal(MetricVerdict.High, Judge.Evaluate(spec, [Latency(130, metric: "score")]).Metrics[0].Verdict);
        Assert.Equal(MetricVerdict.Low, Judge.Evaluate(spec, [Latency(70, metric: "score")]).Metrics[0].Verdict);
    }

    [Fact]
    public void Evaluate_TooFewCandidateSamples_IsInconclusiveNamingWhatIsMissing()
    {
        var result = Judge.Evaluate(Spec(new AnalysisMetricSpec("latency")), [Latency(300, candidateN: 37, tag: "device", value: "pixel")]);

        Assert.Equal(RunVerdict.Inconclusive, result.Verdict);
        var m = Assert.Single(result.Metrics);
        Assert.Equal(MetricVerdict.NoData, m.Verdict);
        Assert.Null(m.PValue);
        Assert.Equal(37, m.Candidate.N);
        Assert.Contains("latency (device=pixel): no data, candidate has 37 of the 200 samples needed", result.Reasons[0]);
    }

    [Fact]
    public void Evaluate_NoDataOnOptionalMetric_IsLeftOutOfTheScore()
    {
        var spec = Spec(new AnalysisMetricSpec("latency", AllowedIncrease: 1.1), new AnalysisMetricSpec("memory", MustHaveData: false));

        var result = Judge.Evaluate(spec, [Latency(100), Latency(100, candidateN: 10, metric: "memory")]);

        Assert.Equal(RunVerdict.Pass, result.Verdict);
        Assert.Equal(100, result.Score);
        Assert.Contains(result.Reasons, r => r.Contains("memory (overall): no data, candidate has 10 of the 200 samples needed"));
    }

    [Fact]
    public void Evaluate_MetricWithoutAnyPair_IsNoDataAndInconclusive()
    {
        var spec = Spec(new AnalysisMetricSpec("latency", AllowedIncrease: 1.1), new AnalysisMetricSpec("errors", AnalysisMetricKind.ErrorRate));

        var result = Judge.Evaluate(spec, [Latency(100)]);

        Assert.Equal(RunVerdict.Inconclusive, result.Verdict);
        Assert.Contains(result.Reasons, r => r.Contains("errors (overall): no data was gathered"));
    }

    [Fact]
    public void Evaluate_OnlyOptionalMetricsWithoutData_IsInconclusiveNotPass()
    {
        var result = Judge.Evaluate(Spec(new AnalysisMetricSpec("latency", MustHaveData: false)), [Latency(100, candidateN: 5)]);

        Assert.Equal(RunVerdict.Inconclusive, result.Verdict);
        Assert.Equal(0, result.Score);
    }

    [Fact]
    public void Evaluate_RegressionOnOneSlice_FailsTheMetricAndNamesTheSlice()
    {
        var spec = new AnalysisSpec([new AnalysisMetricSpec("latency", AllowedIncrease: 1.1)], ["device"]);

        var result = Judge.Evaluate(spec,
        [
            Latency(100, seed: 1),
            Latency(100, tag: "device", value: "iphone", seed: 2),
            Latency(140, tag: "device", value: "pixel", seed: 3),
        ]);

        Assert.Equal(3, result.Metrics.Count);
        Assert.Equal(MetricVerdict.High, result.Metrics.Single(m => m.SliceValue == "pixel").Verdict);
        Assert.Equal(MetricVerdict.Pass, result.Metrics.Single(m => m.SliceValue == "iphone").Verdict);
        Assert.Equal(0, result.Score);
        Assert.Equal(RunVerdict.Fail, result.Verdict);
        Assert.Contains(result.Reasons, r => r.StartsWith("latency (device=pixel): high", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(3, 1, RunVerdict.Pass, 75)]
    [InlineData(1, 1, RunVerdict.Marginal, 50)]
    [InlineData(1, 3, RunVerdict.Fail, 25)]
    public void Evaluate_ScoreIsWeightOfPassingMetrics(double passingWeight, double failingWeight, RunVerdict expected, double score)
    {
        var spec = Spec(new AnalysisMetricSpec("good", AllowedIncrease: 1.1, Weight: passingWeight),
            new AnalysisMetricSpec("bad", AllowedIncrease: 1.1, Weight: failingWeight));

        var result = Judge.Evaluate(spec, [Latency(100, metric: "good"), Latency(150, metric: "bad")]);

        Assert.Equal(score, result.Score, 9);
        Assert.Equal(expected, result.Verdict);
    }

    [Fact]
    public void Evaluate_FailingCriticalMetric_FailsDespitePassingScore()
    {
        var spec = Spec(new AnalysisMetricSpec("good", AllowedIncrease: 1.1, Weight: 9),
            new AnalysisMetricSpec("bad", AllowedIncrease: 1.1, Critical: true));

        var result = Judge.Evaluate(spec, [Latency(100, metric: "good"), Latency(150, metric: "bad")]);

        Assert.Equal(90, result.Score, 9);
        Assert.Equal(RunVerdict.Fail, result.Verdict);
        Assert.Contains(result.Reasons, r => r.Contains("critical metric bad (overall) failed"));
    }

    [Fact]
    public void Evaluate_CriticalFailureWinsOverNoDataElsewhere_NamingBoth()
    {
        var spec = Spec(new AnalysisMetricSpec("bad", AllowedIncrease: 1.1, Critical: true), new AnalysisMetricSpec("errors", AnalysisMetricKind.ErrorRate));
        var errors = new ArmPair("errors", null, null, new ArmData([], 1, 50), new ArmData([], 1, 50));

        var result = Judge.Evaluate(spec, [Latency(150, metric: "bad"), errors]);

        Assert.Equal(RunVerdict.Fail, result.Verdict);
        Assert.Contains(result.Reasons, r => r.Contains("critical metric bad (overall) failed"));
        Assert.Contains(result.Reasons, r => r.Contains("errors (overall): no data, baseline has 50 of the 200 predictions needed and candidate has 50"));
    }

    [Fact]
    public void Evaluate_ErrorRateRise_IsHighWithNewcombeInterval()
    {
        var spec = Spec(new AnalysisMetricSpec("errors", AnalysisMetricKind.ErrorRate));
        var pair = new ArmPair("errors", null, null, new ArmData([], 20, 1000), new ArmData([], 60, 1000));

        var m = Judge.Evaluate(spec, [pair]).Metrics[0];

        Assert.Equal(MetricVerdict.High, m.Verdict);
        Assert.Equal("twoProportions", m.Test);
        Assert.Equal(0.04, m.Effect!.Value, 12);
        Assert.Equal(3, m.Ratio!.Value, 12);
        Assert.True(m.IntervalLow > 0 && m.IntervalHigh > m.IntervalLow);
        Assert.Equal(0.02, m.Baseline.Proportion);
        Assert.Equal(0.06, m.Candidate.Proportion);
    }

    [Theory]
    [InlineData(900, 905, MetricVerdict.Pass)] // candidate slightly better: upper bound of baseline − candidate ≈ 0.02
    [InlineData(900, 850, MetricVerdict.Low)]  // 5 points worse
    public void Evaluate_AccuracyNonInferiority_PassesOnlyWhenUpperBoundIsBelowMargin(long baselineCorrect, long candidateCorrect, MetricVerdict expected)
    {
        var spec = Spec(new AnalysisMetricSpec("accuracy", AnalysisMetricKind.Accuracy, MetricDirection.Decrease, NonInferiorityMargin: 0.03));
        var pair = new ArmPair("accuracy", null, null, new ArmData([], baselineCorrect, 1000), new ArmData([], candidateCorrect, 1000));

        var m = Judge.Evaluate(spec, [pair]).Metrics[0];

        Assert.Equal(expected, m.Verdict);
        Assert.Contains("margin 0.03", m.Reason);
    }

    [Fact]
    public void Evaluate_AccuracyWithTooFewLabels_IsNoDataNamingTheFraction()
    {
        var spec = new AnalysisSpec([new AnalysisMetricSpec("accuracy", AnalysisMetricKind.Accuracy, MetricDirection.Decrease)], [], MinLabelledFraction: 0.5);
        var pair = new ArmPair("accuracy", null, null, new ArmData([], 900, 1000, 1200), new ArmData([], 250, 300, 1000));

        var result = Judge.Evaluate(spec, [pair]);

        Assert.Equal(RunVerdict.Inconclusive, result.Verdict);
        Assert.Contains("candidate has labels for 300 of 1000 predictions (30 %), 50 % needed", result.Metrics[0].Reason);
    }

    [Fact]
    public void Evaluate_NumericOutputDrift_IsHighOnShiftAndPassOtherwise()
    {
        var spec = Spec(new AnalysisMetricSpec("outputs", AnalysisMetricKind.OutputDrift));

        var drifted = Judge.Evaluate(spec, [Latency(103, metric: "outputs")]).Metrics[0];
        var same = Judge.Evaluate(spec, [Latency(100, metric: "outputs")]).Metrics[0];

        Assert.Equal(MetricVerdict.High, drifted.Verdict);
        Assert.Equal("ks", drifted.Test);
        Assert.Equal(MetricVerdict.Pass, same.Verdict);
    }

    [Fact]
    public void Evaluate_CategoricalOutputDrift_UsesChiSquare()
    {
        var spec = Spec(new AnalysisMetricSpec("label", AnalysisMetricKind.OutputDrift));
        string[] Labels(int cats, int dogs) => [.. Enumerable.Repeat("cat", cats), .. Enumerable.Repeat("dog", dogs)];

        var drifted = Judge.Evaluate(spec, [new ArmPair("label", null, null, new ArmData([], Categories: Labels(300, 300)), new ArmData([], Categories: Labels(400, 200)))]);
        var same = Judge.Evaluate(spec, [new ArmPair("label", null, null, new ArmData([], Categories: Labels(300, 300)), new ArmData([], Categories: Labels(305, 295)))]);

        Assert.Equal("chiSquare", drifted.Metrics[0].Test);
        Assert.Equal(MetricVerdict.High, drifted.Metrics[0].Verdict);
        Assert.Equal(MetricVerdict.Pass, same.Metrics[0].Verdict);
    }
}
