namespace MonitorHub.Infrastructure.Persistence;

/// <summary>Where the database files live, derived once from the options.</summary>
public sealed record DataPaths(string DataDirectory)
{
    public string DatabaseFile => Path.Combine(DataDirectory, "monitorhub.db");
    public string HangfireFile => Path.Combine(DataDirectory, "hangfire.db");

    /// <summary>Default Timeout doubles as SQLite's busy retry window for readers and editors.</summary>
    public string ConnectionString => $"Data Source={DatabaseFile};Cache=Private;Pooling=True;Default Timeout=30";

    public static DataPaths Resolve(string configured, string baseDirectory)
    {
        var full = Path.IsPathRooted(configured) ? configured : Path.GetFullPath(Path.Combine(baseDirectory, configured));
        return new DataPaths(full);
    }
}
