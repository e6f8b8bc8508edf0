using System.Net;
using Microsoft.Extensions.DependencyInjection;
using MonitorHub.Infrastructure.Security;

namespace MonitorHub.Infrastructure.Scrape;

public static class ScrapeServices
{
    /// <summary>Scrape targets, the scrape of one target, and the hosted scraper that runs them on time.</summary>
    public static IServiceCollection AddScrape(this IServiceCollection services)
    {
        services.AddSingleton<ScrapeTargetStore>();
        services.AddSingleton<ScrapeService>();
        services.AddSingleton<Scraper>();
        services.AddHostedService(sp => sp.GetRequiredService<Scraper>());
        // Like notification channels: addresses checked at connect time, no redirects, and no client
        // logging (a target URL may carry a secret in its query). Each scrape sets its own timeout.
        services.AddHttpClient(ScrapeService.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var handler = sp.GetRequiredService<OutboundPolicy>().CreateHandler();
                handler.AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate;
                return handler;
            })
            .RemoveAllLoggers();
        return services;
    }
}
