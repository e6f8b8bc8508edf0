using Microsoft.Extensions.DependencyInjection;
using MonitorHub.Infrastructure.Jobs;
using MonitorHub.Infrastructure.Security;

namespace MonitorHub.Infrastructure.Alarms;

public static class AlarmServices
{
    /// <summary>Rules and alarms, their evaluation, silences, backtests, channels and the notification outbox.</summary>
    public static IServiceCollection AddAlarms(this IServiceCollection services)
    {
        services.AddSingleton<AlarmFeed>();
        services.AddSingleton<AlarmStore>();
        services.AddSingleton<RuleEvaluationService>();
        services.AddTransient<RuleEvaluationJob>();
        services.AddSingleton<SilenceStore>();
        services.AddSingleton<BacktestService>();
        services.AddSingleton<ChannelStore>();
        services.AddSingleton<NotificationService>();
        services.AddSingleton<NotificationDelivery>();
        services.AddTransient<NotificationDispatchJob>();
        services.AddSingleton<OutboundPolicy>();
        // Receivers' addresses are checked at connect time, redirects are not followed, and the
        // client logs nothing: a Slack URL is a secret and HttpClient's logging would print it.
        services.AddHttpClient(NotificationDelivery.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(10))
            .ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<OutboundPolicy>().CreateHandler())
            .RemoveAllLoggers();
        return services;
    }
}
