namespace MonitorHub.Core.Metrics.Scrape;

/// <summary>The metric types of the Prometheus text exposition format (<c># TYPE</c>).</summary>
public enum ExpositionType
{
    Untyped,
    Counter,
    Gauge,
    Histogram,
    Summary,
}

/// <summary>One sample line. <see cref="Suffix"/> is what the line's name adds to its family's name
/// (<c>_bucket</c>, <c>_sum</c>, <c>_count</c>, <c>_created</c>, <c>_total</c>), or empty.</summary>
public sealed record ExpositionSample(string Name, string Suffix, IReadOnlyList<KeyValuePair<string, string>> Labels, double Value, long? TimestampMs)
{
    public string? Label(string name)
    {
        foreach (var pair in Labels)
        {
            if (pair.Key == name) return pair.Value;
        }

        return null;
    }
}

/// <summary>A metric family: the samples that share a name (and its type's suffixes).</summary>
public sealed record ExpositionFamily(string Name, ExpositionType Type, string? Help, IReadOnlyList<ExpositionSample> Samples);

/// <summary>Where and why a body is not the text format; the whole scrape is refused.</summary>
public sealed record ExpositionError(int Line, string Message)
{
    public override string ToString() => $"line {Line}: {Message}";
}

public sealed record ExpositionParseResult(IReadOnlyList<ExpositionFamily> Families, int SampleCount, ExpositionError? Error)
{
    public bool IsValid => Error is null;
}

/// <summary>Bounds on what one scrape may hold, so a misbehaving endpoint cannot exhaust memory.</summary>
public sealed record ExpositionLimits(int MaxLineLength, int MaxSamples)
{
    public static readonly ExpositionLimits Default = new(16 * 1024, 50_000);
}
