using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using MonitorHub.Core.Demo;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure;
using MonitorHub.Infrastructure.Security;

namespace MonitorHub.Web.Features.Demo;

/// <summary>
/// <c>--demo</c>: plays the Voice-search system through the real HTTP API, exactly as an outside
/// service would — back-filling what is missing of the last 24 h, then pushing every few seconds.
/// </summary>
public sealed partial class DemoSimulator(
    IServer server, IHostApplicationLifetime lifetime, IOptions<MonitorHubOptions> options, ApiKeyStore keys, TimeProvider clock, ILogger<DemoSimulator> logger)
    : BackgroundService
{
    public const string KeyName = "demo simulator";
    public static readonly TimeSpan LiveInterval = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan BackfillInterval = TimeSpan.FromSeconds(30);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Demo) return;
        if (!await WaitForStartAsync(stoppingToken)) return;

        if (OwnAddress() is not { } address)
        {
            LogNoAddress();
            return;
        }

        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        // Like any outside service, the simulator authenticates with its own key; earlier runs' keys are revoked.
        foreach (var old in (await keys.ListAsync(stoppingToken)).Where(k => k.Name == KeyName && k.IsActive))
            await keys.RevokeAsync(old.Id, "demo", stoppingToken);
        var key = await keys.CreateAsync(KeyName, null, ["ingest", "write"], "demo", stoppingToken);
        http.DefaultRequestHeaders.Add("X-Api-Key", key.Value!.Secret);
        LogLogin(SecurityBootstrap.AdminUserName, SecurityBootstrap.DemoPassword);
        var scenario = new VoiceSearchScenario(clock.GetUtcNow());
        try
        {
            var backfilled = await BackfillAsync(http, scenario, stoppingToken);
            var system = await ClassifyAsync(http, scenario, stoppingToken);
            if (system is not null) await BrainstormAsync(http, system, stoppingToken);
            var predictions = new PredictionLog(new VoiceSearchPredictions(scenario));
            await RegisterModelAsync(http, system, stoppingToken);
            var logged = await BackfillPredictionsAsync(http, predictions, stoppingToken);
            await SetUpDriftAsync(http, scenario, stoppingToken);
            var canary = await StartCanaryAsync(http, scenario, system, stoppingToken);
            await StartShadowAsync(http, stoppingToken);
            var batch = await SetUpBatchJobAsync(http, system, clock.GetUtcNow(), stoppingToken);
            LogStarted(http.BaseAddress!, backfilled, logged);

            using var timer = new PeriodicTimer(LiveInterval, clock);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var now = clock.GetUtcNow();
                await PushAsync(http, [.. scenario.SamplesAt(now)], stoppingToken);
                await LogLiveAsync(http, predictions, now, stoppingToken);
                await PlayCanaryAsync(http, canary, now, stoppingToken);
                await PlayBatchJobAsync(http, batch, now, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or TaskCanceledException)
        {
            // The demo is a guest: its failure must never take the host down.
            LogFailed(ex);
        }
    }

    /// <summary>Fills the gap since the newest demo sample (the whole last day on first start).</summary>
    private async Task<int> BackfillAsync(HttpClient http, VoiceSearchScenario scenario, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var start = now - TimeSpan.FromHours(24);
        var latest = await LatestSampleAsync(http, start, now, cancellationToken);
        if (latest is { } last) start = last + BackfillInterval;

        var batch = new List<MetricSample>();
        var total = 0;
        for (var t = start; t < now; t += BackfillInterval)
        {
            batch.AddRange(scenario.SamplesAt(t));
            if (batch.Count >= 5_000)
            {
                total += await PushAsync(http, batch, cancellationToken);
                batch.Clear();
            }
        }

        if (batch.Count > 0) total += await PushAsync(http, batch, cancellationToken);
        return total;
    }

    private static async Task<DateTimeOffset?> LatestSampleAsync(HttpClient http, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var probe = VoiceSearchScenario.ProbeMetric;
        using var response = await http.GetAsync(
            $"/api/v1/metrics/{probe}/series?agg=count&step=60&from={from.UtcDateTime:O}&to={to.UtcDateTime:O}", cancellationToken);
        if (!response.IsSuccessStatusCode) return null;
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        DateTimeOffset? latest = null;
        foreach (var series in document.RootElement.GetProperty("series").EnumerateArray())
        {
            foreach (var point in series.GetProperty("points").EnumerateArray())
            {
                var t = point.GetProperty("t").GetDateTimeOffset();
                if (latest is null || t > latest) latest = t;
            }
        }

        // The newest minute bucket may be partly filled; re-sending from its end is harmless.
        return latest + TimeSpan.FromMinutes(1);
    }

    /// <summary>Creates the system and classifies the demo's metrics unless a team already did; returns the system.</summary>
    private static async Task<Pipelines.SystemDto?> ClassifyAsync(HttpClient http, VoiceSearchScenario scenario, CancellationToken cancellationToken)
    {
        var draft = new SystemDraft(
            VoiceSearchScenario.SystemName, VoiceSearchScenario.SystemDescription,
            [.. VoiceSearchScenario.Components.Select(c => new ComponentDraft(c.Name, c.Description))],
            [.. VoiceSearchScenario.Components.Zip(VoiceSearchScenario.Components.Skip(1), (a, b) => new EdgeDraft(a.Name, b.Name))]);
        using (await http.PostAsJsonAsync("/api/v1/systems", draft, Json, cancellationToken))
        {
            // 409 on later starts: the system is already there.
        }

        var systems = await http.GetFromJsonAsync<List<Pipelines.SystemDto>>("/api/v1/systems", Json, cancellationToken) ?? [];
        var system = systems.FirstOrDefault(s => s.Name == VoiceSearchScenario.SystemName);
        if (system is null) return null;

        foreach (var metric in scenario.Metrics)
        {
            var current = await http.GetFromJsonAsync<Metrics.MetricDefinitionDto>($"/api/v1/metrics/{metric.Key}", Json, cancellationToken);
            if (current is null || !current.Unclassified) continue;
            var component = system.Components.FirstOrDefault(c => c.Name == metric.Component);
            // A definition change needs a reason (it is kept in the metric's version history).
            var update = new Metrics.MetricDefinitionRequest(
                metric.DisplayName, metric.Category, metric.Unit, metric.Description, system.Id, component?.Id, "ml-platform", "Classified by the demo simulator.", Pinned: true);
            using var _ = await http.PutAsJsonAsync($"/api/v1/metrics/{metric.Key}", update, Json, cancellationToken);
        }

        // After the metrics are on their components: an alarm is grouped into an incident when it opens,
        // so the VAD change's alarms must already know where in the pipeline they fire.
        await CreateRulesAsync(http, cancellationToken);
        return system;
    }

    /// <summary>Rules the scripted incidents trip, so a newcomer sees alarms fire and resolve.</summary>
    private static async Task CreateRulesAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var existing = await http.GetFromJsonAsync<List<Alarms.RuleDto>>("/api/v1/rules", Json, cancellationToken) ?? [];
        foreach (var rule in VoiceSearchScenario.Rules.Where(r => existing.All(e => e.Name != r.Name)))
        {
            using var _ = await http.PostAsJsonAsync("/api/v1/rules", Alarms.RuleDto.From(rule), Json, cancellationToken);
        }
    }

    private static async Task<int> PushAsync(HttpClient http, IReadOnlyList<MetricSample> samples, CancellationToken cancellationToken)
    {
        var body = new
        {
            samples = samples.Select(s => new { metric = s.Metric, value = s.Value, timestamp = s.Timestamp.UtcDateTime, tags = s.Tags.ToDictionary() }),
        };
        return await PostAsync(http, "/api/v1/metrics", body, cancellationToken) ? samples.Count : 0;
    }

    /// <summary>Posts like a well-behaved client: a busy server (429) gets a few polite retries.</summary>
    private static async Task<bool> PostAsync<T>(HttpClient http, string path, T body, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var response = await http.PostAsJsonAsync(path, body, Json, cancellationToken);
            if (response.IsSuccessStatusCode) return true;
            if ((int)response.StatusCode != StatusCodes.Status429TooManyRequests || attempt >= 5) return false;
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
    }

    private async Task<bool> WaitForStartAsync(CancellationToken cancellationToken)
    {
        var started = new TaskCompletionSource();
        using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await Task.WhenAny(started.Task, Task.Delay(Timeout.Infinite, cancellationToken));
        return started.Task.IsCompleted;
    }

    /// <summary>Where this host listens, or null when it has no network address (an in-memory test server).</summary>
    private Uri? OwnAddress()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal)) ?? addresses.FirstOrDefault();
        if (address is null) return null;
        // A wildcard binding is reachable on loopback.
        address = address.Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://+", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://*", "://127.0.0.1", StringComparison.Ordinal);
        return new Uri(address);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo simulator pushing to {Address}; back-filled {Samples} samples and {Predictions} predictions")]
    private partial void LogStarted(Uri address, int samples, int predictions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo: sign in at /account/login as {User} / {Password} (unless MonitorHub:Bootstrap:AdminPassword was set when the database was created)")]
    private partial void LogLogin(string user, string password);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo simulator not started: the server has no network address")]
    private partial void LogNoAddress();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo simulator stopped")]
    private partial void LogFailed(Exception exception);
}
