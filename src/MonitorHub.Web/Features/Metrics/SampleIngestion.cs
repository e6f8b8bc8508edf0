using Microsoft.AspNetCore.Http.HttpResults;
using MonitorHub.Core.Metrics;
using MonitorHub.Core.Metrics.Interop;
using MonitorHub.Infrastructure.Catalogue;
using MonitorHub.Infrastructure.Ingestion;
using MonitorHub.Infrastructure.Observability;
using MonitorHub.Infrastructure.Security;
using MonitorHub.Web.Features.Security;
using MonitorHub.Web.Hosting;

namespace MonitorHub.Web.Features.Metrics;

/// <summary>
/// The one path validated samples take to storage, whichever format they came in (<c>/api/v1/metrics</c>
/// JSON, OTLP, remote-write): a key bound to a system writes only that system's metrics, sensitive tags
/// are redacted, then the single writer commits them and the caller is answered after the commit.
/// </summary>
public sealed class SampleIngestion(IngestionWriter writer, SensitiveFields sensitive, CatalogueStore catalogue, ServiceMetrics metrics)
{
    /// <summary>Stores <paramref name="samples"/> and <paramref name="sketches"/> whole, or nothing of them.</summary>
    /// <param name="system">Where metric keys seen here first are registered when the caller's key is not bound to a system (a batch job's component's system).</param>
    /// <param name="component">The component new metric keys are registered in (a batch job's).</param>
    /// <returns>The samples committed, or the problem that refused them all (403 another system's metric, 429 full queue).</returns>
    /// <exception cref="SeriesLimitExceededException">From the writer: the batch would pass a series limit.</exception>
    public async Task<(int Accepted, ProblemHttpResult? Problem)> WriteAsync(HttpContext context, IReadOnlyList<MetricSample> samples, IReadOnlyList<SketchSample>? sketches = null, int? system = null, int? component = null)
    {
        // Sketches ride along as placeholder samples through the system check and redaction, so their tags
        // get exactly the treatment samples get.
        IReadOnlyList<MetricSample> all = sketches is not { Count: > 0 } ? samples : [.. samples, .. sketches.Select(s => new MetricSample(s.Metric, 0, s.Timestamp, s.Tags))];
        var keySystem = context.User.KeySystem();
        if (keySystem is { } bound && await OtherSystemsAsync(all, bound, context.RequestAborted) is { Count: > 0 } foreign)
        {
            metrics.Rejected("forbidden", all.Count);
            return (0, Problems.Forbidden(foreign, "The batch was rejected; nothing of it was stored."));
        }

        // Sensitive fields are dropped or hashed here, before anything reaches the writer.
        var redacted = await sensitive.RedactAsync(all, keySystem, context.RequestAborted);
        if (!ReferenceEquals(redacted, all) && sketches is { Count: > 0 })
        {
            sketches = [.. sketches.Select((s, i) => s with { Tags = redacted[samples.Count + i].Tags })];
            redacted = [.. redacted.Take(samples.Count)];
        }
        else if (sketches is { Count: > 0 })
        {
            redacted = samples;
        }

        if (writer.TryEnqueue(redacted, out var committed, keySystem ?? system, sketches, component) == EnqueueResult.QueueFull)
        {
            metrics.Rejected("busy", all.Count);
            return (0, Problems.Busy(context, 1));
        }

        // Wait for the commit even if the client gives up: the samples are on their way already.
        int accepted;
        try
        {
            accepted = await committed;
        }
        catch (Exception ex) when (ex is SeriesLimitExceededException or StoreUnavailableException)
        {
            // Answered by the caller or WriterExceptionHandler (429/503); counted here, where the batch's size is known.
            metrics.Rejected(ex is SeriesLimitExceededException ? "series_limit" : "unavailable", all.Count);
            throw;
        }

        metrics.Accepted(accepted);
        return (accepted, null);
    }

    private async Task<List<ValidationIssue>> OtherSystemsAsync(IReadOnlyList<MetricSample> samples, int bound, CancellationToken cancellationToken)
    {
        var systems = await catalogue.MetricSystemsAsync(cancellationToken);
        var issues = new List<ValidationIssue>();
        for (var i = 0; i < samples.Count && issues.Count < 20; i++)
        {
            if (systems.TryGetValue(samples[i].Metric, out var system) && system != bound)
                issues.Add(new(i, "metric", $"'{samples[i].Metric}' belongs to another system; this key writes only metrics of system {bound}."));
        }

        return issues;
    }
}
