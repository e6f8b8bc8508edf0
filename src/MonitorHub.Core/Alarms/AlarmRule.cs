using MonitorHub.Core.Metrics;

namespace MonitorHub.Core.Alarms;

public enum Comparison
{
    GreaterThan,
    GreaterOrEqual,
    LessThan,
    LessOrEqual,
}

public enum Severity
{
    Critical,
    Warning,
    Info,
}

/// <summary>What a series without data in the window counts as.</summary>
public enum NoDataPolicy
{
    /// <summary>Nothing is wrong: a firing alarm clears.</summary>
    Ok,

    /// <summary>Missing data is itself the problem: treated as breaching.</summary>
    Alerting,

    /// <summary>The last value seen is used again.</summary>
    KeepLast,

    /// <summary>The alarm shows a distinct no-data state.</summary>
    NoData,
}

/// <summary>
/// A threshold rule over a metric's window aggregate. <see cref="ClearThreshold"/> gives hysteresis:
/// a firing alarm stays firing until the value crosses back past it, so a value hovering at the
/// threshold does not flap.
/// </summary>
public sealed record AlarmRule
{
    public int Id { get; init; }
    public string Name { get; init; } = "";
    public string Description { get; init; } = "";
    public string Metric { get; init; } = "";
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
    public string Aggregation { get; init; } = "mean";
    public int WindowSeconds { get; init; } = 300;
    public Comparison Operator { get; init; } = Comparison.GreaterThan;
    public double Threshold { get; init; }
    public double? ClearThreshold { get; init; }
    public int ForSeconds { get; init; }
    public int KeepFiringForSeconds { get; init; }
    public Severity Severity { get; init; } = Severity.Warning;
    public NoDataPolicy NoData { get; init; } = NoDataPolicy.Ok;
    public int EvaluationIntervalSeconds { get; init; } = 60;
    public int AckTimeoutMinutes { get; init; } = 30;
    public string RunbookUrl { get; init; } = "";
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public bool Enabled { get; init; } = true;

    /// <summary>Hold this rule's notifications while a component upstream of its metric's component has
    /// an open alarm in the same incident; null takes the default by severity (<c>IncidentStates.Inhibits</c>).</summary>
    public bool? InhibitWhenUpstreamFiring { get; init; }

    /// <summary>Notification channels this rule's alarms are sent to.</summary>
    public IReadOnlyList<int> Channels { get; init; } = [];

    /// <summary>
    /// A seasonal baseline: 168 thresholds, one per UTC hour of the week (Monday 00:00 first). When set,
    /// the threshold at an instant is the entry for its hour and the clear threshold keeps the same
    /// distance from it as <see cref="ClearThreshold"/> keeps from <see cref="Threshold"/>.
    /// </summary>
    public IReadOnlyList<double>? HourOfWeekThresholds { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public double EffectiveClearThreshold => ClearThreshold ?? Threshold;

    public const int HoursPerWeek = 168;

    /// <summary>Monday 00:00–01:00 UTC is hour 0, Sunday 23:00–24:00 is hour 167.</summary>
    public static int HourOfWeek(DateTimeOffset at)
    {
        var utc = at.UtcDateTime;
        return ((((int)utc.DayOfWeek) + 6) % 7 * 24) + utc.Hour;
    }

    public double ThresholdAt(DateTimeOffset at) =>
        HourOfWeekThresholds is { Count: HoursPerWeek } table ? table[HourOfWeek(at)] : Threshold;

    public double ClearThresholdAt(DateTimeOffset at) => ThresholdAt(at) - (Threshold - EffectiveClearThreshold);

    public static readonly IReadOnlyList<string> AggregationNames = [.. AggregationExtensions.Names, "rate"];

    /// <summary>What to aggregate the window with: a rate is read as a count, then divided.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Aggregation WindowAggregation =>
        Aggregation == "rate" ? Metrics.Aggregation.Count : AggregationExtensions.TryParse(Aggregation, out var parsed) ? parsed : Metrics.Aggregation.Mean;

    /// <summary>The rule's value from the window aggregate: a rate is the count per second of the window.</summary>
    public double FromWindowValue(double value, double windowSeconds) => Aggregation == "rate" ? value / windowSeconds : value;

    public static string Symbol(Comparison comparison) => comparison switch
    {
        Comparison.GreaterThan => ">",
        Comparison.GreaterOrEqual => ">=",
        Comparison.LessThan => "<",
        Comparison.LessOrEqual => "<=",
        _ => "?",
    };

    public static bool TryParseOperator(string? text, out Comparison comparison)
    {
        (var ok, comparison) = text switch
        {
            ">" => (true, Comparison.GreaterThan),
            ">=" => (true, Comparison.GreaterOrEqual),
            "<" => (true, Comparison.LessThan),
            "<=" => (true, Comparison.LessOrEqual),
            _ => (false, Comparison.GreaterThan),
        };
        return ok;
    }

    /// <summary>Whether <paramref name="value"/> breaches the threshold in force at <paramref name="at"/>.</summary>
    public bool Breaches(double value, DateTimeOffset at) => Compare(value, ThresholdAt(at));

    /// <summary>Whether a firing alarm is still active: it has not crossed back past the clear threshold.</summary>
    public bool StillActive(double value, DateTimeOffset at) => Compare(value, ClearThresholdAt(at));

    private bool Compare(double value, double limit) => Operator switch
    {
        Comparison.GreaterThan => value > limit,
        Comparison.GreaterOrEqual => value >= limit,
        Comparison.LessThan => value < limit,
        _ => value <= limit,
    };
}
