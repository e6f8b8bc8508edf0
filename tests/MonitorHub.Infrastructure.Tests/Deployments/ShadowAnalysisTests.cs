using MonitorHub.Core;
using MonitorHub.Core.Deployments;
using MonitorHub.Core.Drift.Predictions;
using MonitorHub.Infrastructure.Deployments;
using MonitorHub.Infrastructure.Drift;

namespace MonitorHub.Infrastructure.Tests.Deployments;

/// <summary>Shadow deployments on a real store (the run's provider) with a fake clock: live and shadow answers to the
/// same ids are stored side by side, labels join both, and each analysis run carries the paired comparison.</summary>
public sealed class ShadowAnalysisTests : IAsyncLifetime
{
    private StoreFixture _store = default!;
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>On the run's provider: SQLite, or PostgreSQL in tests/run.sh's PostgreSQL pass.</summary>
    private static Task<StoreFixture> CreateStoreAsync() => Task.FromResult(new StoreFixture());

    public async ValueTask InitializeAsync()
    {
        _store = await CreateStoreAsync();
        var logged = await _store.Get<PredictionIngestion>().IngestAsync([Live("seed-1", "v7", "yes", -3000), Live("seed-2", "v8", "yes", -3000)], null, Ct);
        Assert.Equal(StoreOutcome.Ok, logged.Outcome);
    }

    public async ValueTask DisposeAsync()
    {
        if (_store is not null) await _store.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    private PredictionRecord Live(string id, string version, string output, int second, PredictionRole role = PredictionRole.Live) =>
        new(id, "asr", version, _store.Clock.GetUtcNow().AddSeconds(second).ToUnixTimeMilliseconds(), [], Scalar.Of(output), 0.9, null, role);

    /// <summary><paramref name="n"/> requests answered by v7 live and v8 in shadow; v8 disagrees on every
    /// <paramref name="disagreeEvery"/>-th, where it is the one that is right. With <paramref name="shadowAfterLabels"/>
    /// the shadow answers are logged only after the labels have joined the live ones.</summary>
    private async Task LogPairsAsync(int n, int disagreeEvery, bool shadowAfterLabels = false)
    {
        var predictions = new List<PredictionRecord>();
        var labels = new List<LabelRecord>();
        for (var i = 0; i < n; i++)
        {
            var disagree = i % disagreeEvery == 0;
            predictions.Add(Live($"r{i}", "v7", disagree ? "no" : "yes", -300 + i));
            predictions.Add(Live($"r{i}", "v8", "yes", -300 + i, PredictionRole.Shadow));
            labels.Add(new LabelRecord($"r{i}", "asr", Scalar.Of("yes")));
        }

        var ingestion = _store.Get<PredictionIngestion>();
        var later = shadowAfterLabels ? predictions.Where(p => p.Role == PredictionRole.Shadow).ToList() : [];
        Assert.Equal(StoreOutcome.Ok, (await ingestion.IngestAsync([.. predictions.Except(later)], null, Ct)).Outcome);
        var labelled = await _store.Get<LabelIngestion>().IngestAsync(labels, null, Ct);
        Assert.Equal(n, labelled.Value!.Joined);
        if (later.Count > 0) Assert.Equal(StoreOutcome.Ok, (await ingestion.IngestAsync(later, null, Ct)).Outcome);
    }

    private async Task<Deployment> CreateShadowAsync(int minPairs)
    {
        var created = await _store.Get<DeploymentStore>().CreateAsync(
            new DeploymentSpec("asr", DeploymentStrategy.Shadow, "v7", "v8", [DeploymentStep.Pause()], new AnalysisSpec([], [], MinSamplesPerArm: minPairs, WindowSeconds: 600)),
            "alice", Ct);
        Assert.True(created.IsOk, string.Join("; ", created.Issues.Select(i => i.Field + ": " + i.Reason)));
        return created.Value;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ShadowRun_PairsLiveAndShadowById_AndStoresTheComparison_WhicheverCameFirst_TheLabelOrTheShadowAnswer(bool shadowAfterLabels)
    {
        await LogPairsAsync(100, disagreeEvery: 25, shadowAfterLabels);
        var d = await CreateShadowAsync(minPairs: 50);

        var run = (await _store.Get<DeploymentController>().AnalyzeNowAsync(d.Id, Ct)).Value!;

        Assert.Equal(RunVerdict.Pass, run.Verdict);
        var shadow = run.Shadow!;
        Assert.Equal(100, shadow.N);
        Assert.Equal(0.96, shadow.Agreement!.Value, 12);
        Assert.InRange(0.96, shadow.AgreementLow!.Value, shadow.AgreementHigh!.Value);
        Assert.Equal((0.96, 1.0), (shadow.LiveAccuracy!.Value, shadow.ShadowAccuracy!.Value));
        Assert.Equal(0.125, shadow.McNemarP!.Value, 12); // b = 0, c = 4: 2 · (1/2)^4
        var stored = (await _store.Get<DeploymentStore>().GetAsync(d.Id, Ct))!.Runs.Single();
        Assert.Equal(shadow, stored.Shadow);
    }

    [Fact]
    public async Task ShadowRun_WithTooFewPairs_IsInconclusive_SayingHowManyWereThere()
    {
        await LogPairsAsync(20, disagreeEvery: 25);
        var d = await CreateShadowAsync(minPairs: 50);

        var run = (await _store.Get<DeploymentController>().AnalyzeNowAsync(d.Id, Ct)).Value!;

        Assert.Equal(RunVerdict.Inconclusive, run.Verdict);
        Assert.Contains(run.Reasons, r => r.Contains("20 of the 50 paired requests", StringComparison.Ordinal));
        Assert.Equal(20, run.Shadow!.N);
    }

    [Fact]
    public async Task ShadowRows_DoNotCountInTheLiveModelsPerformance()
    {
        await LogPairsAsync(100, disagreeEvery: 25);

        var summary = await _store.Get<PredictionReader>().SummaryAsync("asr", _store.Clock.GetUtcNow().AddHours(-1), _store.Clock.GetUtcNow(), Ct);

        // 100 live v7 answers + the two seeds; the 100 shadow answers of the same ids are not counted again.
        Assert.Equal(102, summary.Predictions);
        Assert.Equal(0.96, summary.Accuracy!.Value, 12);
    }

    [Fact]
    public async Task AnswersLoggedAfterTheirLabel_AreLabelledToo_AndALateLiveAnswerCountsInAccuracy()
    {
        // The person decided and the shadow model answered first; the label joined both; the live answer came last.
        var ingestion = _store.Get<PredictionIngestion>();
        Assert.Equal(StoreOutcome.Ok, (await ingestion.IngestAsync([Live("h1", "v8", "no", -60, PredictionRole.Shadow)], null, Ct)).Outcome);
        Assert.Equal(1, (await _store.Get<LabelIngestion>().IngestAsync([new LabelRecord("h1", "asr", Scalar.Of("no"))], null, Ct)).Value!.Joined);
        Assert.Equal(StoreOutcome.Ok, (await ingestion.IngestAsync([Live("h1", "human", "no", -60, PredictionRole.Human), Live("h1", "v7", "yes", -60)], null, Ct)).Outcome);

        var rows = await _store.Get<PairedPredictions>().RowsAsync(["asr"], _store.Clock.GetUtcNow().AddHours(-1), _store.Clock.GetUtcNow(), Ct);

        Assert.Equal(
            [(PredictionRole.Live, "no"), (PredictionRole.Shadow, "no"), (PredictionRole.Human, "no")],
            rows.Where(r => r.Id == "h1").OrderBy(r => r.Role).Select(r => (r.Role, r.Label.Text)));
        var summary = await _store.Get<PredictionReader>().SummaryAsync("asr", _store.Clock.GetUtcNow().AddHours(-1), _store.Clock.GetUtcNow(), Ct);
        Assert.Equal(0.0, summary.Accuracy!.Value, 12); // the live v7 said yes; the only label says no
        // The same label again is still recognised as already recorded, not joined twice.
        var again = (await _store.Get<LabelIngestion>().IngestAsync([new LabelRecord("h1", "asr", Scalar.Of("no"))], null, Ct)).Value!;
        Assert.Equal((0, 1), (again.Joined, again.AlreadyLabelled));
    }
}
