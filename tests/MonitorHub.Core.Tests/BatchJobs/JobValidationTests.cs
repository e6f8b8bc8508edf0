using MonitorHub.Core.BatchJobs;

namespace MonitorHub.Core.Tests.BatchJobs;

public sealed class JobValidationTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 2, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("feature-extraction", true)]
    [InlineData("etl.daily:v2_x", true)]
    [InlineData("Feature", false)]
    [InlineData("has space", false)]
    [InlineData("", false)]
    public void Name_FollowsTheMetricKeyRules(string name, bool valid) => Assert.Equal(valid, JobValidation.CheckName(name) is null);

    [Fact]
    public void Name_LongerThanItsMetricKeysAllow_IsRejected()
    {
        Assert.NotNull(JobValidation.CheckName(new string('a', JobMetricKeys.MaxNameLength + 1)));
        Assert.True(JobMetricKeys.Overdue(new string('a', JobMetricKeys.MaxNameLength)).Length <= MonitorHub.Core.Metrics.IngestionLimits.MaxMetricKeyLength);
    }

    [Theory]
    [InlineData(null, null, null, null, null, "status")]
    [InlineData("done", null, null, null, null, "status")]
    [InlineData("succeeded", -1d, null, null, null, "rowsIn")]
    [InlineData("succeeded", null, double.NaN, null, null, "rowsOut")]
    [InlineData("succeeded", null, null, -0.5d, null, "durationSeconds")]
    [InlineData("succeeded", null, null, null, "", "runId")]
    public void BadReport_NamesTheField(string? status, double? rowsIn, double? rowsOut, double? duration, string? runId, string field)
    {
        var issues = JobValidation.Validate(new JobRunReport(status, rowsIn, rowsOut, duration, null, runId), out _);

        Assert.Equal(field, Assert.Single(issues).Field);
    }

    [Fact]
    public void TooLongMessage_IsRejected()
    {
        var issues = JobValidation.Validate(new JobRunReport("failed", null, null, null, new string('x', JobValidation.MaxMessageLength + 1), null), out _);

        Assert.Equal("message", Assert.Single(issues).Field);
    }

    [Theory]
    [InlineData("0 2 * * *", null, 10, null)]
    [InlineData("@daily", null, 10, null)]
    [InlineData("every night", null, 10, "cron")]
    [InlineData("0 2 * * *", 60, 10, "cron")]
    [InlineData(null, 0, 10, "everyMinutes")]
    [InlineData(null, 60, -1, "graceMinutes")]
    public void Definition_ChecksScheduleAndGrace(string? cron, int? every, int grace, string? field)
    {
        var issues = JobValidation.Validate(new BatchJob { Name = "etl", Cron = cron, EveryMinutes = every, GraceMinutes = grace });

        if (field is null) Assert.Empty(issues);
        else Assert.Equal(field, Assert.Single(issues).Field);
    }

    [Fact]
    public void Completion_KeepsTheStart_AndTakesTheDurationFromTheClockWhenNotGiven()
    {
        var started = JobRuns.New("etl", new JobRunReport("started", 1000, null, null, null, "r1"), JobRunStatus.Started, T0);

        var done = JobRuns.Complete(started, new JobRunReport("succeeded", null, 990, null, "ok", "r1"), JobRunStatus.Succeeded, T0.AddSeconds(95));

        Assert.Equal(T0, done.StartedAt);
        Assert.Equal(T0.AddSeconds(95), done.FinishedAt);
        Assert.Equal(95, done.DurationSeconds);
        Assert.Equal(1000, done.RowsIn);
        Assert.Equal(990, done.RowsOut);
        Assert.Equal(JobRunStatus.Succeeded, done.Status);
    }

    [Fact]
    public void OneShotReport_StartsDurationBeforeNow_AndWritesItsMetrics()
    {
        var run = JobRuns.New("etl", new JobRunReport("failed", 10, null, 30, "boom", null), JobRunStatus.Failed, T0);

        var samples = JobMetricKeys.ForRun(run);

        Assert.Equal(T0.AddSeconds(-30), run.StartedAt);
        Assert.Equal(1, samples.Single(s => s.Metric == "job.etl.failed").Value);
        Assert.Equal(30, samples.Single(s => s.Metric == "job.etl.duration_seconds").Value);
        Assert.Equal(10, samples.Single(s => s.Metric == "job.etl.rows_in").Value);
        Assert.DoesNotContain(samples, s => s.Metric == "job.etl.rows_out");
        Assert.Empty(JobMetricKeys.ForRun(run with { Status = JobRunStatus.Started, FinishedAt = null }));
    }

    [Fact]
    public void JobRules_AreValidRules_OnTheJobsMetrics()
    {
        var job = new BatchJob { Name = "etl", EveryMinutes = 60 };

        Assert.Empty(MonitorHub.Core.Alarms.AlarmRuleValidation.Validate(JobAlarms.DeadMan(job)));
        Assert.Empty(MonitorHub.Core.Alarms.AlarmRuleValidation.Validate(JobAlarms.Failure(job)));
        Assert.Equal("job.etl.overdue_minutes", JobAlarms.DeadMan(job).Metric);
        Assert.True(JobAlarms.DeadMan(job).Breaches(0.5, T0));
        Assert.False(JobAlarms.DeadMan(job).Breaches(0, T0));
    }
}
