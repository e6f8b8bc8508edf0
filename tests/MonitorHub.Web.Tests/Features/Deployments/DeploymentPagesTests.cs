using Bunit;
using MonitorHub.Core.Deployments;
using MonitorHub.Web.Features.Deployments;

namespace MonitorHub.Web.Tests.Features.Deployments;

/// <summary>The deployment pages' parts: the list, a run's judge table and the action bar.</summary>
public sealed class DeploymentPagesTests : ComponentTestContext
{
    private static readonly DateTimeOffset At = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    private static Deployment Canary(long id, DeploymentState state, int weight = 10, int step = 1)
    {
        var spec = new DeploymentSpec("asr", DeploymentStrategy.Canary, "v8", "v8.1",
            [DeploymentStep.SetWeight(10), DeploymentStep.Analysis(3, 60), DeploymentStep.SetWeight(50), DeploymentStep.Approval()],
            new AnalysisSpec([new AnalysisMetricSpec("asr.latency_ms", AllowedIncrease: 1.1)], ["device"]));
        return new Deployment(id, spec, 42, state, weight, step, At, 0, At, "eddie", At.AddMinutes(5));
    }

    private static ArmSummary Arm(long n, double mean) => new(n, mean, mean - 1, null);

    private static AnalysisRun Run(long id) => new(id, 1, At, At.AddMinutes(-10), At, AnalysisTrigger.Step, RunVerdict.Fail, 0,
        ["asr.latency_ms (device=pixel): high"],
        [
            new MetricJudgement("asr.latency_ms", null, null, MetricVerdict.Pass, Arm(600, 200), Arm(360, 216), "mannWhitney", 90000, 0.2, 3, null, null, "pass", 1.08),
            new MetricJudgement("asr.latency_ms", "device", "pixel", MetricVerdict.High, Arm(300, 200), Arm(60, 300), "mannWhitney", 120, 2e-34, 100.9, null, null, "high", 1.505),
            new MetricJudgement("asr.latency_ms", "device", "other", MetricVerdict.NoData, Arm(12, 200), Arm(0, double.NaN) with { Mean = null, Median = null },
                "mannWhitney", null, null, null, null, null, "asr.latency_ms (device=other): no data, baseline has 12 of the 200 samples needed."),
        ], null);

    [Fact]
    public void List_WithoutDeployments_ExplainsThem_AndOffersCreationToEditorsOnly()
    {
        var created = 0;
        var editor = Render<DeploymentList>(p => p.Add(x => x.Items, []).Add(x => x.CanEdit, true).Add(x => x.OnCreate, () => created++));

        Assert.Contains("No deployments yet", editor.Find("[data-testid=empty-state]").TextContent);
        Assert.Contains("rolling back on its own", editor.Find("[data-testid=empty-state]").TextContent);
        editor.Find("[data-testid=new-deployment-empty]").Click();
        Assert.Equal(1, created);

        var viewer = Render<DeploymentList>(p => p.Add(x => x.Items, []).Add(x => x.CanEdit, false));
        Assert.Empty(viewer.FindAll("[data-testid=new-deployment-empty]"));
    }

    [Fact]
    public void List_ShowsEachDeploymentsVersionsStateWeightAndLastVerdict()
    {
        var list = Render<DeploymentList>(p => p
            .Add(x => x.Items, [Canary(2, DeploymentState.RolledBack, weight: 0), Canary(1, DeploymentState.Progressing, weight: 10)])
            .Add(x => x.LatestRuns, new Dictionary<long, AnalysisRun> { [2] = Run(7) }));

        var rows = list.FindAll("[data-testid=deployments] tbody tr");
        Assert.Equal(2, rows.Count);
        Assert.Contains("v8 → v8.1", rows[0].TextContent);
        Assert.Equal("rolledBack", list.Find("[data-testid=state-2]").TextContent.Trim());
        Assert.Equal("progressing", list.Find("[data-testid=state-1]").TextContent.Trim());
        Assert.Equal("fail", list.Find("[data-testid=verdict-2]").TextContent.Trim());
        Assert.Contains("no run yet", rows[1].TextContent);
        Assert.Contains("10 %", rows[1].TextContent);
        Assert.Equal("/deployments/2", rows[0].QuerySelector("a")!.GetAttribute("href"));
    }

    [Fact]
    public void JudgeTable_ShowsBothArmsAndTheTestPerSlice_AndSaysWhatLackedData()
    {
        var table = Render<JudgeTable>(p => p.Add(x => x.Run, Run(7)));

        Assert.Equal("fail", table.Find("[data-testid=run-verdict]").TextContent.Trim());
        var pixel = table.Find("[data-testid='judgement-asr.latency_ms-device=pixel']");
        Assert.Equal("high", pixel.QuerySelector("[data-testid=verdict]")!.TextContent.Trim());
        var cells = pixel.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal(["300", "200", "199", "60", "300", "299", "mannWhitney", "120", "2.0e-34", "100.9", "—", "1.505"], cells.Skip(2).Take(12));
        Assert.Equal("pass", table.Find("[data-testid='judgement-asr.latency_ms-overall'] [data-testid=verdict]").TextContent.Trim());
        // A noData row says what was missing; a judged one does not repeat the run's reasons.
        var other = table.Find("[data-testid='judgement-asr.latency_ms-device=other']");
        Assert.Equal("noData", other.QuerySelector("[data-testid=verdict]")!.TextContent.Trim());
        Assert.Contains("baseline has 12 of the 200 samples needed", other.QuerySelector("[data-testid=judgement-reason]")!.TextContent);
        Assert.Null(pixel.QuerySelector("[data-testid=judgement-reason]"));
    }

    [Theory]
    [InlineData(DeploymentState.Pending, "promote,abort,rollback")]
    [InlineData(DeploymentState.Progressing, "promote,pause,abort,rollback")]
    [InlineData(DeploymentState.Paused, "promote,resume,abort,rollback")]
    [InlineData(DeploymentState.RolledBack, "")]
    [InlineData(DeploymentState.Succeeded, "")]
    public void Actions_AreEnabledExactlyWhenTheStateMachineAllowsThem(DeploymentState state, string enabled)
    {
        var bar = Render<DeploymentActionBar>(p => p.Add(x => x.Deployment, Canary(1, state)).Add(x => x.CanEdit, true).Add(x => x.Now, At));

        var allowed = DeploymentUi.Actions.Select(DeploymentUi.Name).Where(a => !bar.Find($"[data-testid=action-{a}]").HasAttribute("disabled"));
        Assert.Equal(enabled, string.Join(",", allowed));
    }

    [Fact]
    public void Actions_ArePickedUpWithTheirName_AndHiddenFromViewers()
    {
        DeploymentAction? asked = null;
        var bar = Render<DeploymentActionBar>(p => p.Add(x => x.Deployment, Canary(1, DeploymentState.Progressing)).Add(x => x.CanEdit, true)
            .Add(x => x.Now, At).Add(x => x.OnAction, a => asked = a));
        bar.Find("[data-testid=action-pause]").Click();
        Assert.Equal(DeploymentAction.Pause, asked);

        var viewer = Render<DeploymentActionBar>(p => p.Add(x => x.Deployment, Canary(1, DeploymentState.Progressing)).Add(x => x.CanEdit, false));
        Assert.Empty(viewer.FindAll("[data-testid=actions]"));
    }

    private static AnalysisRun ShadowRun(long id, DateTimeOffset to, double agreement) => new(id, 1, to, to.AddMinutes(-30), to, AnalysisTrigger.Background, RunVerdict.Pass, 100, [], [], null,
        new ShadowSummary(400, agreement, agreement - 0.02, agreement + 0.015, 0.912, 0.70, 0.73, 0.0213, 310));

    [Fact]
    public void JudgeTable_OfAShadowRun_ShowsAgreementKappaAccuraciesAndMcNemar()
    {
        var table = Render<JudgeTable>(p => p.Add(x => x.Run, ShadowRun(9, At, 0.96)));

        var shadow = table.Find("[data-testid=shadow-summary]");
        Assert.Equal("400", table.Find("[data-testid=shadow-n]").TextContent.Trim());
        Assert.Equal("96.0 %", table.Find("[data-testid=shadow-agreement]").TextContent.Trim());
        Assert.Contains("[94.0 %, 97.5 %]", shadow.TextContent);
        Assert.Equal("0.912", table.Find("[data-testid=shadow-kappa]").TextContent.Trim());
        Assert.Contains("70.0 %", shadow.TextContent);
        Assert.Contains("73.0 %", shadow.TextContent);
        Assert.Contains("310", shadow.TextContent);
        Assert.NotEmpty(table.Find("[data-testid=shadow-mcnemar]").TextContent.Trim());
        Assert.Empty(Render<JudgeTable>(p => p.Add(x => x.Run, Run(7))).FindAll("[data-testid=shadow-summary]"));
    }

    [Fact]
    public void AgreementLines_FollowTheShadowRuns_InPercent_AndAreEmptyWithoutThem()
    {
        var lines = DeploymentDetailPage.AgreementLines([ShadowRun(1, At, 0.95), Run(2), ShadowRun(3, At.AddMinutes(30), 0.97)]);

        Assert.Equal(["agreement", "95 % low", "95 % high"], lines.Select(l => l.Name));
        Assert.Equal([(At, (double?)95.0), (At.AddMinutes(30), 97.0)], lines[0].Points.Select(p => (p.At, p.Value is { } v ? Math.Round(v, 9) : (double?)null)));
        Assert.Empty(DeploymentDetailPage.AgreementLines([Run(2)]));
    }
}
