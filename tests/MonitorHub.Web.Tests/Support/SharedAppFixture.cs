namespace MonitorHub.Web.Tests.Support;

/// <summary>One app and admin client for a whole test class, for classes whose tests use their own
/// names (models, metrics) and so do not interfere; cheaper than an app per test.</summary>
public sealed class SharedAppFixture : IAsyncLifetime
{
    public MonitorHubFactory Factory { get; } = new();
    public HttpClient Admin { get; private set; } = default!;

    public ValueTask InitializeAsync()
    {
        Admin = Factory.CreateAdminClient();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await Factory.DisposeAsync();
}
