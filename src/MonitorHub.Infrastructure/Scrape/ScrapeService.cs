using MonitorHub.Core.Metrics.Interop;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MonitorHub.Core;
using MonitorHub.Core.Metrics;
using MonitorHub.Core.Metrics.Scrape;
using MonitorHub.Infrastructure.Ingestion;
using MonitorHub.Infrastructure.Observability;
using MonitorHub.Infrastructure.Security;

namespace MonitorHub.Infrastructure.Scrape;

/// <summary>
/// One scrape of one target: pull the text format, parse it whole, map it (increments, sketches),
/// redact it like pushed samples and hand it to the one writer — the same path as
/// <c>POST /api/v1/metrics</c>, so scraped data obeys the same limits. Per target,
/// <c>scrape.up</c>, <c>scrape.duration_seconds</c> and <c>scrape.samples_scraped</c> (tag
/// <c>target</c>) are written whether the scrape worked or not.
/// </summary>
public sealed partial class ScrapeService(
    IHttpClientFactory http, IngestionWriter writer, SensitiveFields sensitive, ScrapeTargetStore store,
    IOptions<MonitorHubOptions> options, ServiceMetrics metrics, TimeProvider clock, ILogger<ScrapeService> logger)
{
    public const string HttpClientName = "scrape";
    public const string UpMetric = "scrape.up";
    public const string DurationMetric = "scrape.duration_seconds";
    public const string SamplesMetric = "scrape.samples_scraped";

    // Ask for the classic text format: a target that also speaks OpenMetrics or protobuf must not pick those.
    private static readonly MediaTypeWithQualityHeaderValue[] Accept =
        [MediaTypeWithQualityHeaderValue.Parse("text/plain;version=0.0.4;q=1"), MediaTypeWithQualityHeaderValue.Parse("*/*;q=0.1")];

    /// <summary>Scrapes, stores, records the outcome on the target and returns it.</summary>
    public async Task<ScrapeStatus> ScrapeAsync(ScrapeJob job, CounterState state, CancellationToken cancellationToken)
    {
        var target = job.Target;
        var started = clock.GetTimestamp();
        var at = clock.GetUtcNow();
        var (text, error) = await FetchAsync(job, cancellationToken);
        var duration = clock.GetElapsedTime(started).TotalSeconds;

        var mapping = ScrapeMapping.Empty;
        var scraped = 0;
        if (text is not null)
        {
            var limits = new ExpositionLimits(ExpositionLimits.Default.MaxLineLength, options.Value.Scrape.MaxSamplesPerScrape);
            var parsed = ExpositionParser.Parse(text, limits);
            if (parsed.Error is { } parseError) error = "Not the Prometheus text format: " + parseError;
            else
            {
                scraped = parsed.SampleCount;
                mapping = ScrapeMapper.Map(parsed.Families, target.Settings, state, at);
            }
        }

        var self = TagSet.From([new("target", target.Name)]);
        List<MetricSample> samples =
        [
            .. mapping.Samples,
            new(UpMetric, error is null ? 1 : 0, at, self),
            new(DurationMetric, duration, at, self),
            new(SamplesMetric, scraped, at, self),
        ];
        // Down when the target did not answer with the text format; a scrape that worked but could not
        // be stored (a full queue, a series limit) is up, with the reason shown as its error.
        var health = error is null ? ScrapeHealth.Up : ScrapeHealth.Down;
        var notStored = await StoreAsync(samples, mapping.Sketches, target, cancellationToken);
        // Counters remember this scrape only once its increments are stored; otherwise the next scrape counts them.
        if (notStored is null) mapping.Committed();
        var status = new ScrapeStatus(health, at, error ?? notStored, duration, mapping.Samples.Count + mapping.Sketches.Count);
        metrics.Scrapes.WithLabels(health == ScrapeHealth.Up ? "up" : "down").Inc();
        if (status.LastError is { } reason) LogScrapeFailed(target.Id, target.Name, reason);
        await store.RecordAsync(target.Id, status, cancellationToken);
        return status;
    }

    private async Task<(string? Text, string? Error)> FetchAsync(ScrapeJob job, CancellationToken cancellationToken)
    {
        var target = job.Target;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(target.TimeoutSeconds), clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, target.Url);
            foreach (var accept in Accept) request.Headers.Accept.Add(accept);
            if (job.BearerToken is { } token) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            if (!response.IsSuccessStatusCode) return (null, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            var limit = options.Value.Scrape.MaxBodyBytes;
            if (response.Content.Headers.ContentLength > limit) return (null, $"The body is larger than {limit} bytes (MonitorHub:Scrape:MaxBodyBytes).");
            await using var body = await response.Content.ReadAsStreamAsync(linked.Token);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await body.ReadAsync(chunk, linked.Token)) > 0)
            {
                if (buffer.Length + read > limit) return (null, $"The body is larger than {limit} bytes (MonitorHub:Scrape:MaxBodyBytes).");
                buffer.Write(chunk, 0, read);
            }

            return (Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length), null);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return (null, $"No answer within the timeout ({target.TimeoutSeconds} s).");
        }
        catch (HttpRequestException ex)
        {
            // The first line only: inner exceptions may repeat the URL.
            return (null, ErrorText.FirstLine(ex.Message));
        }
    }

    /// <summary>Hands the scrape to the writer; null when stored, else why not.</summary>
    /// <remarks>Metric keys seen here first are registered in the target's system and component, as a
    /// system-bound ingestion key registers its new keys in its system.</remarks>
    private async Task<string?> StoreAsync(List<MetricSample> samples, IReadOnlyList<SketchSample> sketches, ScrapeTarget target, CancellationToken cancellationToken)
    {
        var system = target.SystemId;
        var redacted = await sensitive.RedactAsync(samples, system, cancellationToken);
        var redactedSketches = sketches;
        if (sketches.Count > 0)
        {
            // Sketch series carry tags too: redact them through the same rules via stand-in samples.
            var standIns = await sensitive.RedactAsync([.. sketches.Select(s => new MetricSample(s.Metric, 0, s.Timestamp, s.Tags))], system, cancellationToken);
            redactedSketches = [.. sketches.Select((s, i) => s with { Tags = standIns[i].Tags })];
        }

        try
        {
            if (writer.TryEnqueue(redacted, out var committed, system, redactedSketches, target.ComponentId) == EnqueueResult.QueueFull)
                return "Scraped, but not stored: MonitorHub's writer queue is full.";
            await committed;
            return null;
        }
        catch (Exception ex) when (ex is SeriesLimitExceededException or StoreUnavailableException)
        {
            return "Scraped, but not stored: " + ex.Message;
        }
    }

    [LoggerMessage(EventId = 8201, Level = LogLevel.Warning, Message = "Scrape of target {TargetId} ({TargetName}) failed: {Reason}")]
    private partial void LogScrapeFailed(int targetId, string targetName, string reason);
}
