namespace MonitorHub.Core.Metrics;

/// <summary>
/// Decides how a series query is answered: the bucket width (step) and whether full minutes are
/// read from rollups. Buckets are aligned to multiples of the step since the Unix epoch so a
/// chart's buckets stay put as the range slides and live points land in the same buckets.
/// </summary>
/// <remarks>
/// Tiers: a rollup-backed plan whose step is a whole number of hours reads whole hours from the
/// hourly rollups, one whose step is a whole number of five minutes whole five-minute periods from
/// that tier (every bucket then holds whole periods, as the step is aligned to the epoch), and only
/// its ragged edges from the finer tiers down to raw samples (<see cref="Segments"/>). The pieces are
/// disjoint and cover the range, so counts and sums stay exact and quantiles within the sketch's 1 %.
/// </remarks>
/// <remarks>
/// Downsampling: when a range would produce more than <see cref="MaxPoints"/> buckets the step is
/// widened to the next "nice" step that fits; every bucket is still an exact aggregate of all its
/// samples (quantiles within the sketch's 1 % on the rollup path), never a subsample.
/// </remarks>
public sealed record SeriesQueryPlan(DateTimeOffset From, DateTimeOffset To, long StepSeconds, bool UseRollups)
{
    public const int MaxPoints = 2_000;
    public const int DefaultTargetPoints = 500;

    /// <summary>Ranges up to this long are read from raw samples; longer ones from rollups.</summary>
    public static readonly TimeSpan RawRangeLimit = TimeSpan.FromHours(6);

    /// <summary>The longest range a query may span unless its caller says otherwise (charts pass the
    /// longest retention of any tier, <c>MonitorHub:Retention:HourlyDays</c>).</summary>
    public static readonly TimeSpan MaxRange = TimeSpan.FromDays(400);

    /// <summary>The rollup tiers, finest first; each period is a whole number of the finer one's.</summary>
    private static readonly StorageTier[] RollupTiers = [StorageTier.Minute, StorageTier.FiveMinute, StorageTier.Hour];

    private static readonly long[] NiceSteps =
    [
        1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400,
        2 * 86400, 7 * 86400,
    ];

    public long StepMs => StepSeconds * 1000;
    public long FromMs => From.ToUnixTimeMilliseconds();
    public long ToMs => To.ToUnixTimeMilliseconds();

    /// <summary>First minute (Unix minutes) wholly inside the range.</summary>
    public long FirstFullMinute => CeilDiv(FromMs, 60_000);

    /// <summary>Minute after the last one wholly inside the range.</summary>
    public long EndFullMinute => Math.Max(FirstFullMinute, ToMs / 60_000);

    /// <summary>Whether whole hours are read from the hourly rollups.</summary>
    public bool UseHours => CoarsestTier == StorageTier.Hour;

    /// <summary>The coarsest tier whose periods fit the step (every bucket then holds whole periods of
    /// it, as buckets are aligned to the epoch): the tier the middle of the range is read from.</summary>
    public StorageTier CoarsestTier =>
        !UseRollups ? StorageTier.Raw : RollupTiers.LastOrDefault(t => StepSeconds % (t.MinutesPerPeriod() * 60) == 0, StorageTier.Minute);

    public long BucketOf(long unixMs) => FloorDiv(unixMs, StepMs) * StepMs;

    /// <summary>
    /// The disjoint pieces that cover [From, To), oldest first, each in its tier's unit (raw: Unix ms,
    /// minute: Unix minutes, five-minute: Unix 5-minute periods, hour: Unix hours); empty pieces are left
    /// out. The middle comes from the coarsest tier the step allows and each ragged edge from the next
    /// finer one, down to raw samples. A raw plan is one raw piece.
    /// </summary>
    public IReadOnlyList<PlanSegment> Segments()
    {
        if (!UseRollups) return [new PlanSegment(StorageTier.Raw, FromMs, ToMs)];
        var segments = new List<PlanSegment>(7);
        var firstMinute = FirstFullMinute;
        var endMinute = EndFullMinute;
        Add(StorageTier.Raw, FromMs, Math.Min(firstMinute * 60_000, ToMs));
        Cover(firstMinute, endMinute, Array.IndexOf(RollupTiers, CoarsestTier));
        Add(StorageTier.Raw, Math.Max(endMinute * 60_000, FromMs), ToMs);
        return segments;

        // [from, to) in minutes: whole periods of the tier in the middle, the edges from the finer tiers.
        void Cover(long from, long to, int level)
        {
            var tier = RollupTiers[level];
            if (level == 0)
            {
                Add(tier, from, to);
                return;
            }

            var minutes = tier.MinutesPerPeriod();
            var first = CeilDiv(from, minutes);
            var end = Math.Max(first, FloorDiv(to, minutes));
            if (end == first)
            {
                Cover(from, to, level - 1);
                return;
            }

            Cover(from, first * minutes, level - 1);
            Add(tier, first, end);
            Cover(end * minutes, to, level - 1);
        }

        void Add(StorageTier tier, long from, long to)
        {
            if (to > from) segments.Add(new PlanSegment(tier, from, to));
        }
    }

    /// <summary>
    /// The smallest plan with this step and reading mode that covers every bucket the given
    /// timestamps fall in, ignoring buckets that start before <paramref name="windowStartMs"/> (they
    /// are scrolling off a live chart); null when nothing is left. A live chart re-reads exactly these
    /// buckets, for all series, in one query per push.
    /// </summary>
    public SeriesQueryPlan? Covering(IEnumerable<long> unixMs, long windowStartMs)
    {
        long first = long.MaxValue, last = long.MinValue;
        foreach (var ms in unixMs)
        {
            var bucket = BucketOf(ms);
            if (bucket < windowStartMs) continue;
            first = Math.Min(first, bucket);
            last = Math.Max(last, bucket);
        }

        return first > last ? null : this with
        {
            From = DateTimeOffset.FromUnixTimeMilliseconds(first),
            To = DateTimeOffset.FromUnixTimeMilliseconds(last + StepMs),
        };
    }

    /// <summary>Validates and plans; returns null with an error naming the parameter otherwise.</summary>
    /// <param name="maxRange">The longest range allowed (<see cref="MaxRange"/> when null).</param>
    /// <param name="minuteRetentionCutoff">Where the minute rollups end: a rollup-backed range that starts
    /// before it gets a whole number of five-minute periods as its step, or of hours when it also starts
    /// before <paramref name="fiveMinuteRetentionCutoff"/> (or that is not given), since only the coarser
    /// tiers hold that data.</param>
    /// <param name="fiveMinuteRetentionCutoff">Where the five-minute rollups end.</param>
    public static SeriesQueryPlan? Create(
        DateTimeOffset from, DateTimeOffset to, long? requestedStepSeconds, DateTimeOffset rawRetentionCutoff,
        out ValidationIssue? issue, TimeSpan? maxRange = null, DateTimeOffset? minuteRetentionCutoff = null,
        DateTimeOffset? fiveMinuteRetentionCutoff = null)
    {
        var longest = maxRange ?? MaxRange;
        issue = null;
        if (to <= from)
        {
            issue = new(null, "to", "'to' must be later than 'from'.");
            return null;
        }

        var range = to - from;
        if (range > longest)
        {
            issue = new(null, "from", $"The range must not exceed {longest.TotalDays:0} days.");
            return null;
        }

        if (requestedStepSeconds is <= 0)
        {
            issue = new(null, "step", "'step' must be a positive number of seconds.");
            return null;
        }

        var rangeSeconds = (long)Math.Ceiling(range.TotalSeconds);
        var minimumStep = CeilDiv(rangeSeconds, MaxPoints);
        var step = requestedStepSeconds is { } requested
            ? requested >= minimumStep ? requested : NiceStepAtLeast(minimumStep)
            : NiceStepAtLeast(CeilDiv(rangeSeconds, DefaultTargetPoints));

        var useRollups = range > RawRangeLimit || from < rawRetentionCutoff;
        if (useRollups && step % 60 != 0)
        {
            // Rollups are per minute, so a rollup-backed bucket must hold whole minutes.
            step = CeilDiv(step, 60) * 60;
        }

        if (useRollups && requestedStepSeconds is null && step is >= 1800 and < 3600)
        {
            // A chart of 5 to 10 days would get half-hour buckets, six five-minute rows per bucket and
            // series; hourly buckets (125 to 250 points) come from the hour tier at one row each. A
            // requested step is honoured as asked.
            step = 3600;
        }

        if (useRollups && from < minuteRetentionCutoff && step % 3600 != 0)
        {
            // Past the minute rollups' retention only the coarser tiers are left: a step of 100 minutes
            // would read an empty minute tier there.
            var unit = from >= fiveMinuteRetentionCutoff ? 300 : 3600;
            step = CeilDiv(step, unit) * unit;
        }

        return new SeriesQueryPlan(from, to, step, useRollups);
    }

    private static long NiceStepAtLeast(long seconds)
    {
        foreach (var nice in NiceSteps)
        {
            if (nice >= seconds) return nice;
        }

        return CeilDiv(seconds, 86400) * 86400;
    }

    private static long CeilDiv(long a, long b) => UnixTime.CeilDiv(a, b);

    private static long FloorDiv(long a, long b) => UnixTime.FloorDiv(a, b);
}

/// <summary>Where a piece of a query is read from.</summary>
public enum StorageTier
{
    Raw,
    Minute,
    FiveMinute,
    Hour,
}

public static class StorageTierExtensions
{
    /// <summary>Minutes in one period of a rollup tier.</summary>
    public static long MinutesPerPeriod(this StorageTier tier) => tier switch
    {
        StorageTier.Minute => 1,
        StorageTier.FiveMinute => 5,
        StorageTier.Hour => 60,
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, "Raw samples have no period."),
    };
}

/// <summary>A piece of a query plan: [From, To) in the tier's unit (Unix ms, minutes, five-minute periods or hours).</summary>
public readonly record struct PlanSegment(StorageTier Tier, long From, long To);
