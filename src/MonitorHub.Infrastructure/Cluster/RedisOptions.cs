using StackExchange.Redis;

namespace MonitorHub.Infrastructure;

/// <summary><c>MonitorHub:Redis</c>: optional; needed when more than one node serves the same store.</summary>
public sealed class RedisOptions
{
    public const string ConfigurationKey = MonitorHubOptions.SectionName + ":Redis:Configuration";

    /// <summary>A StackExchange.Redis configuration string, e.g. <c>redis1:6379,password=…,ssl=true</c>.
    /// Unset: this node is on its own and nothing is published beyond it.</summary>
    public string? Configuration { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Configuration);

    /// <summary>Parsed with the client's own parser, so start-up fails on what the connection would reject.</summary>
    public static bool TryParse(string? configuration, out ConfigurationOptions? parsed)
    {
        parsed = null;
        if (string.IsNullOrWhiteSpace(configuration)) return false;
        try
        {
            parsed = ConfigurationOptions.Parse(configuration);
        }
        catch (ArgumentException)
        {
            return false;
        }

        return parsed.EndPoints.Count > 0;
    }
}
