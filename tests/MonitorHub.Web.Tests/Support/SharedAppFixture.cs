namespace MonitorHub.Web.Tests.Support;

/// <summary>One app and admin client for a whole test class, for classes whose tests use their own
/// names (models, metrics) and so do not interfere; cheaper than an app per test. On the run's provider
/// (see <see cref="MonitorHubFactory"/>).</summary>
public sealed class SharedAppFixture : IAsyncLifetime
{
    private HttpClient? _admin;

    public MonitorHubFactory Factory { get; } = new();

    /// <summary>Created (and with it the app) by the first test that asks: a PostgreSQL fixture without a
    /// server then skips that test, saying why, rather than failing the class in its fixture.</summary>
    public HttpClient Admin => _admin ??= Factory.CreateAdminClient();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await Factory.DisposeAsync();
}
