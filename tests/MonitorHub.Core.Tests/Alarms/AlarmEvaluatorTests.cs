using MonitorHub.Core.Alarms;

namespace MonitorHub.Core.Tests.Alarms;

public sealed class AlarmEvaluatorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
    private static readonly AlarmRule Latency = new()
    {
        Name = "p95 latency", Metric = "asr.latency_ms", Operator = Comparison.GreaterThan, Threshold = 500, EvaluationIntervalSeconds = 60,
    };

    /// <summary>Feeds one value per minute (null = no data) and returns the state after each step ("-" = inactive).</summary>
    private static List<string> Run(AlarmRule rule, params double?[] values)
    {
        AlarmStatus? status = null;
        var history = new List<DateTimeOffset>();
        var states = new List<string>();
        for (var i = 0; i < values.Length; i++)
        {
            var now = T0.AddMinutes(i);
            var result = AlarmEvaluator.Evaluate(rule, values[i], status, history, now);
            history.AddRange(result.Transitions.Select(t => t.At));
            status = result.Status;
            states.Add(status is null ? "-" : status.State.ToString() + (result.Flapping ? "~" : ""));
        }

        return states;
    }

    public static TheoryData<string, AlarmRule, double?[], string[]> Cases => new()
    {
        { "fires at once without for", Latency, [100, 600, 700, 100], ["-", "Firing", "Firing", "Resolved"] },
        { "for holds it pending", Latency with { ForSeconds = 120 }, [600, 600, 600, 600], ["Pending", "Pending", "Firing", "Firing"] },
        { "pending that clears never fires", Latency with { ForSeconds = 120 }, [600, 100, 100], ["Pending", "Resolved", "-"] },
        { "hysteresis keeps firing between clear and threshold", Latency with { ClearThreshold = 400 }, [600, 450, 450, 399], ["Firing", "Firing", "Firing", "Resolved"] },
        { "without hysteresis it clears at the threshold", Latency, [600, 450], ["Firing", "Resolved"] },
        { "keep-firing waits before resolving", Latency with { KeepFiringForSeconds = 120 }, [600, 100, 100, 100], ["Firing", "Firing", "Firing", "Resolved"] },
        { "keep-firing resets when it breaches again", Latency with { KeepFiringForSeconds = 120 }, [600, 100, 600, 100, 100, 100], ["Firing", "Firing", "Firing", "Firing", "Firing", "Resolved"] },
        { "no data ok clears", Latency with { NoData = NoDataPolicy.Ok }, [600, null], ["Firing", "Resolved"] },
        { "no data alerting fires", Latency with { NoData = NoDataPolicy.Alerting }, [null, null, 100], ["Firing", "Firing", "Resolved"] },
        { "no data keep-last holds the last value", Latency with { NoData = NoDataPolicy.KeepLast }, [600, null, null, 100], ["Firing", "Firing", "Firing", "Resolved"] },
        { "no data state is distinct and ends with data", Latency with { NoData = NoDataPolicy.NoData }, [null, null, 100], ["NoData", "NoData", "Resolved"] },
        { "no data then breach fires", Latency with { NoData = NoDataPolicy.NoData }, [null, 900], ["NoData", "Firing"] },
        { "less-than rules", Latency with { Operator = Comparison.LessThan, Threshold = 10, ClearThreshold = 20 }, [50, 5, 15, 25], ["-", "Firing", "Firing", "Resolved"] },
        { "greater-or-equal at the threshold", Latency with { Operator = Comparison.GreaterOrEqual }, [500, 499], ["Firing", "Resolved"] },
        { "flapping is detected", Latency, [600, 100, 600, 100, 600], ["Firing", "Resolved", "Firing", "Resolved~", "Firing~"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void StateMachine(string scenario, AlarmRule rule, double?[] values, string[] expected)
    {
        Assert.True(expected.SequenceEqual(Run(rule, values)), $"{scenario}: got {string.Join(", ", Run(rule, values))}");
    }

    [Fact]
    public void Acknowledgement_ExpiresWhileFiring_AndReturnsToFiring()
    {
        var firing = AlarmEvaluator.Evaluate(Latency, 600, null, [], T0).Status!;
        var (acked, transition, error) = AlarmEvaluator.Acknowledge(Latency, firing, 30, T0.AddMinutes(1));
        Assert.Null(error);
        Assert.Equal(AlarmState.Acknowledged, transition!.To);

        var during = AlarmEvaluator.Evaluate(Latency, 700, acked, [], T0.AddMinutes(20));
        Assert.Equal(AlarmState.Acknowledged, during.Status!.State);
        Assert.Empty(during.Transitions);

        var after = AlarmEvaluator.Evaluate(Latency, 700, during.Status, [], T0.AddMinutes(31));
        Assert.Equal(AlarmState.Firing, after.Status!.State);
        Assert.Equal("acknowledgement expired while still firing", Assert.Single(after.Transitions).Reason);
    }

    [Fact]
    public void AcknowledgedAlarm_ResolvesWhenTheValueClears()
    {
        var firing = AlarmEvaluator.Evaluate(Latency, 600, null, [], T0).Status!;
        var acked = AlarmEvaluator.Acknowledge(Latency, firing, null, T0).Status!;
        Assert.Equal(T0.AddMinutes(Latency.AckTimeoutMinutes), acked.AckUntil);
        Assert.Equal(AlarmState.Resolved, AlarmEvaluator.Evaluate(Latency, 100, acked, [], T0.AddMinutes(1)).Status!.State);
    }

    [Fact]
    public void ResolvedAlarms_CannotBeAcknowledgedOrResolvedAgain()
    {
        var resolved = new AlarmStatus(AlarmState.Resolved, T0, T0, null, null, 1);
        Assert.NotNull(AlarmEvaluator.Acknowledge(Latency, resolved, null, T0).Error);
        Assert.NotNull(AlarmEvaluator.Resolve(resolved, T0).Error);
    }

    [Fact]
    public void EveryTransition_SaysWhy()
    {
        var result = AlarmEvaluator.Evaluate(Latency with { ForSeconds = 60 }, 900, null, [], T0);
        var transition = Assert.Single(result.Transitions);
        Assert.Null(transition.From);
        Assert.Equal(AlarmState.Pending, transition.To);
        Assert.Equal(900, transition.Value);
        Assert.Contains("60 s", transition.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Comparison.GreaterThan, 500, 600, "clearThreshold")]
    [InlineData(Comparison.LessThan, 10, 5, "clearThreshold")]
    public void ClearThresholdOnTheWrongSide_IsRejected(Comparison op, double threshold, double clear, string field)
    {
        var issues = AlarmRuleValidation.Validate(Latency with { Operator = op, Threshold = threshold, ClearThreshold = clear });
        var issue = Assert.Single(issues);
        Assert.Equal(field, issue.Field);
        Assert.Contains("could never clear", issue.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void RuleValidation_NamesEveryBadField()
    {
        var bad = Latency with
        {
            Name = "", Metric = "Bad Key", Aggregation = "median", WindowSeconds = 1, EvaluationIntervalSeconds = 5,
            AckTimeoutMinutes = 0, RunbookUrl = "ftp://x", Threshold = double.NaN,
        };
        Assert.Equal(
            ["name", "metric", "aggregation", "windowSeconds", "threshold", "evaluationIntervalSeconds", "ackTimeoutMinutes", "runbookUrl"],
            AlarmRuleValidation.Validate(bad).Select(i => i.Field));
        Assert.Empty(AlarmRuleValidation.Validate(Latency));
    }
}

public sealed class SilenceAndReportTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
    private static readonly MonitorHub.Core.Metrics.TagSet HostA = MonitorHub.Core.Metrics.TagSet.From([new("host", "a")]);

    [Fact]
    public void Silence_MatchesOnlyWhileActive_AndOnEveryGivenMatcher()
    {
        var silence = new Silence(1, 7, Severity.Critical, new Dictionary<string, string> { ["host"] = "a" }, T0, T0.AddHours(1), "deploy", "olga");
        Assert.True(silence.Matches(7, Severity.Critical, HostA, T0.AddMinutes(5)));
        Assert.False(silence.Matches(7, Severity.Critical, HostA, T0.AddHours(1)));
        Assert.False(silence.Matches(7, Severity.Critical, HostA, T0.AddMinutes(-1)));
        Assert.False(silence.Matches(8, Severity.Critical, HostA, T0.AddMinutes(5)));
        Assert.False(silence.Matches(7, Severity.Warning, HostA, T0.AddMinutes(5)));
        Assert.False(silence.Matches(7, Severity.Critical, MonitorHub.Core.Metrics.TagSet.Empty, T0.AddMinutes(5)));
    }

    [Fact]
    public void Silence_WithoutMatchersOrReason_IsRejected()
    {
        var fields = Silence.Validate(new Silence(0, null, null, new Dictionary<string, string>(), T0, T0, "", "x")).Select(i => i.Field);
        Assert.Equal(["matchers", "endsAt", "comment"], fields);
    }

    [Fact]
    public void OnCallReport_AveragesTimeToAcknowledgeAndResolvePerRule()
    {
        var stats = Assert.Single(OnCallReport.Compute(
        [
            new AlarmLifetime(1, "Latency", T0, T0.AddMinutes(2), T0.AddMinutes(10)),
            new AlarmLifetime(1, "Latency", T0, T0.AddMinutes(4), null),
            new AlarmLifetime(1, "Latency", T0, null, T0.AddMinutes(30)),
        ]));
        Assert.Equal((3, 2, 2), (stats.Alarms, stats.Acknowledged, stats.Resolved));
        Assert.Equal(TimeSpan.FromMinutes(3), stats.MeanTimeToAcknowledge);
        Assert.Equal(TimeSpan.FromMinutes(20), stats.MeanTimeToResolve);
    }
}

public sealed class NotificationPlannerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
    private static readonly NotificationTiming Timing = NotificationTiming.Default;

    [Theory]
    [InlineData(null, null, "1:Firing", true, 10, false)]    // group wait not over yet
    [InlineData(null, null, "1:Firing", true, 30, true)]     // group wait over: first send
    [InlineData(0, "1:Firing", "1:Firing,2:Firing", true, 60, false)]   // new alarm, but within the group interval
    [InlineData(0, "1:Firing", "1:Firing,2:Firing", true, 300, true)]   // group interval over
    [InlineData(0, "1:Firing", "1:Firing", true, 3600, false)]          // unchanged: no repeat before 4 h
    [InlineData(0, "1:Firing", "1:Firing", true, 4 * 3600, true)]       // repeat
    [InlineData(0, "1:Resolved", "1:Resolved", false, 5 * 3600, false)] // nothing firing: never repeats
    public void Timing_FollowsGroupWaitIntervalAndRepeat(int? lastSentSeconds, string? lastFingerprint, string fingerprint, bool anyFiring, int nowSeconds, bool expected)
    {
        var state = new NotificationGroupState(T0, lastSentSeconds is { } s ? T0.AddSeconds(s) : null, lastFingerprint);
        Assert.Equal(expected, NotificationPlanner.ShouldSend(state, fingerprint, anyFiring, T0.AddSeconds(nowSeconds), Timing));
    }

    [Fact]
    public void Signature_IsHmacSha256OfTimestampDotBody()
    {
        // Reference computed independently: printf '%s' '1764500000.{"a":1}' | openssl dgst -sha256 -hmac 'secret-secret-secret'
        Assert.Equal("sha256=1f8d3e80544d815789ea85936017866456b2932f9f5628ce28d5a7e868a5f21b", Channel.Sign("secret-secret-secret", 1764500000, "{\"a\":1}"));
        Assert.NotEqual(Channel.Sign("secret-secret-secret", 1764500000, "{\"a\":1}"), Channel.Sign("secret-secret-secret", 1764500000, "{\"a\":2}"));
        // The same body at another time signs differently: a captured request cannot be replayed later.
        Assert.NotEqual(Channel.Sign("secret-secret-secret", 1764500000, "{\"a\":1}"), Channel.Sign("secret-secret-secret", 1764500001, "{\"a\":1}"));
    }

    [Fact]
    public void Payloads_NameTheRuleAndEveryAlarm_AndCarryTheDeliveryId()
    {
        var alarms = new[] { new NotifiedAlarm(7, AlarmState.Firing, MonitorHub.Core.Metrics.TagSet.From([new("host", "a")]), 912, T0) };
        var webhook = System.Text.Json.JsonDocument.Parse(NotificationPlanner.Payload(ChannelKind.Webhook, "Latency", Severity.Critical, alarms, T0, "http://mh", "d-1")).RootElement;
        Assert.Equal("firing", webhook.GetProperty("status").GetString());
        Assert.Equal("d-1", webhook.GetProperty("deliveryId").GetString());
        Assert.Equal("http://mh/alarms/7", webhook.GetProperty("alarms")[0].GetProperty("url").GetString());
        var slack = System.Text.Json.JsonDocument.Parse(NotificationPlanner.Payload(ChannelKind.Slack, "Latency", Severity.Critical, alarms, T0, "http://mh", "d-1")).RootElement;
        Assert.StartsWith("[FIRING] Critical: Latency", slack.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void SlackText_EscapesTagValuesAndRuleNames_SoTheyCannotForgeLinksOrMentions()
    {
        var alarms = new[] { new NotifiedAlarm(7, AlarmState.Firing, MonitorHub.Core.Metrics.TagSet.From([new("host", "<!channel> & <http://evil|click>")]), 1, T0) };
        var text = System.Text.Json.JsonDocument.Parse(NotificationPlanner.Payload(ChannelKind.Slack, "A<b>", Severity.Critical, alarms, T0, "http://mh", "d")).RootElement.GetProperty("text").GetString()!;
        Assert.Contains("A&lt;b&gt;", text, StringComparison.Ordinal);
        Assert.Contains("&lt;!channel&gt; &amp; &lt;http://evil|click&gt;", text, StringComparison.Ordinal);
        // MonitorHub's own link stays a link.
        Assert.Contains("<http://mh/alarms/7|open>", text, StringComparison.Ordinal);
    }
}

public sealed class BacktesterTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Latency 200 ms, with spikes to 900 ms from 01:00 to 01:10 and 03:00 to 03:01.</summary>
    private static double? Latency(DateTimeOffset t)
    {
        var minutes = (t - T0).TotalMinutes;
        return minutes is > 60 and <= 70 or > 180 and <= 181 ? 900 : 200;
    }

    [Fact]
    public void CountsFirings_WithTheirStartEndAndPeak()
    {
        var rule = new AlarmRule { Metric = "m", Threshold = 500, EvaluationIntervalSeconds = 60 };
        var result = Backtester.Run(rule, [(MonitorHub.Core.Metrics.TagSet.Empty, Latency)], T0, T0.AddHours(4));

        Assert.Equal(2, result.Count);
        Assert.Equal(T0.AddMinutes(61), result.Firings[0].Start);
        Assert.Equal(T0.AddMinutes(71), result.Firings[0].End);
        Assert.Equal(900, result.Firings[0].Peak);
        Assert.Equal(240, result.Steps);
        Assert.Equal(11.0 / 240, result.FiringFraction, 6);
    }

    [Fact]
    public void ForDuration_SuppressesTheShortSpike()
    {
        var rule = new AlarmRule { Metric = "m", Threshold = 500, ForSeconds = 180, EvaluationIntervalSeconds = 60 };
        var firing = Assert.Single(Backtester.Run(rule, [(MonitorHub.Core.Metrics.TagSet.Empty, Latency)], T0, T0.AddHours(4)).Firings);
        Assert.Equal(T0.AddMinutes(64), firing.Start);
    }

    [Fact]
    public void BacktestEqualsTheLiveStateMachine_StepByStep()
    {
        var rule = new AlarmRule { Metric = "m", Threshold = 500, ClearThreshold = 300, KeepFiringForSeconds = 120, EvaluationIntervalSeconds = 60 };
        AlarmStatus? status = null;
        var history = new List<DateTimeOffset>();
        var liveFirings = 0;
        for (var t = T0.AddMinutes(1); t <= T0.AddHours(4); t = t.AddMinutes(1))
        {
            var result = AlarmEvaluator.Evaluate(rule, Latency(t), status, history, t);
            history.AddRange(result.Transitions.Select(x => x.At));
            liveFirings += result.Transitions.Count(x => x.To == AlarmState.Firing);
            status = result.Status;
        }

        Assert.Equal(liveFirings, Backtester.Run(rule, [(MonitorHub.Core.Metrics.TagSet.Empty, Latency)], T0, T0.AddHours(4)).Count);
    }
}
