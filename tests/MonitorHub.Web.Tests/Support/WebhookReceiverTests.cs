namespace MonitorHub.Web.Tests.Support;

/// <summary>API tests with a real <see cref="WebhookReceiver"/> on loopback, which outbound calls (channels,
/// approval webhooks) may reach only when allowed: the receiver starts after the app and stops before it.</summary>
public abstract class WebhookReceiverTests(Dictionary<string, string>? settings = null) : AdminApiTests(AllowingLoopback(settings))
{
    protected WebhookReceiver Receiver { get; private set; } = default!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Receiver = await WebhookReceiver.StartAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await Receiver.DisposeAsync();
        await base.DisposeAsync();
    }

    private static Dictionary<string, string> AllowingLoopback(Dictionary<string, string>? settings) =>
        new(settings ?? [], StringComparer.Ordinal) { ["MonitorHub:Security:AllowedPrivateTargets:0"] = "127.0.0.1" };
}
