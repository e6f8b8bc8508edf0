using MonitorHub.Infrastructure.Tests.Support;

namespace MonitorHub.E2E.MultiNode;

/// <summary>
/// Two real MonitorHub processes on different ports, one PostgreSQL database (Hangfire's storage too)
/// and one Redis, as issue 16's several nodes run. Node A starts first (it migrates and creates the
/// bootstrap admin), then B. Started on first use, so a test without the servers skips, saying why.
/// </summary>
public sealed class Cluster : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<string> _directories = [];
    private PostgresDatabase? _database;
    private string? _redis;

    public AppProcess A { get; private set; } = default!;
    public AppProcess B { get; private set; } = default!;
    public HttpClient Http { get; } = AdminClient();
    public PostgresDatabase Database => _database!;

    /// <summary>Starts both nodes once; skips the calling test without PostgreSQL or Redis.</summary>
    public async Task StartAsync()
    {
        PostgresDatabase.Require();
        var redis = RedisServer.Require();
        await _gate.WaitAsync();
        try
        {
            if (_database is not null) return;
            _redis = redis;
            _database = await PostgresDatabase.CreateAsync();
            A = await StartNodeAsync();
            B = await StartNodeAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Another node on the same database and Redis (its own data folder).</summary>
    public async Task<AppProcess> StartNodeAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "monitorhub-nodes", Guid.NewGuid().ToString("N"));
        _directories.Add(directory);
        var settings = _database!.Settings()
            .Select(s => $"--{s.Key}={s.Value}")
            .Concat([$"--MonitorHub:Redis:Configuration={_redis}", "--MonitorHub:Jobs:Storage=PostgreSQL"])
            .ToArray();
        var node = AppProcess.Start(directory, "Warning", settings);
        try
        {
            await node.WaitHealthyAsync(Http);
        }
        catch
        {
            TestContext.Current.TestOutputHelper?.WriteLine(node.Output);
            node.Dispose();
            throw;
        }

        return node;
    }

    public static HttpClient AdminClient()
    {
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add("X-Api-Key", AppServer.AdminToken);
        return http;
    }

    public async ValueTask DisposeAsync()
    {
        if (_database is not null)
        {
            A.Dispose();
            B.Dispose();
            await _database.DisposeAsync();
        }

        Http.Dispose();
        _gate.Dispose();
        foreach (var directory in _directories)
        {
            try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
        }
    }
}
