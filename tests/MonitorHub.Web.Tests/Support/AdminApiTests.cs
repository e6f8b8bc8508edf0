using System.Net;
using System.Net.Http.Json;
using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Web.Tests.Support;

/// <summary>A fresh app per test with an admin client; the common start of API tests.</summary>
/// <param name="settings">Configuration the test's app runs with (see <see cref="MonitorHubFactory"/>).</param>
/// <param name="provider">The store's provider when the test is about one; by default the run's (tests/run.sh
/// runs the suite once on SQLite and once on PostgreSQL).</param>
public abstract class AdminApiTests(Dictionary<string, string>? settings = null, DatabaseProvider? provider = null) : IAsyncLifetime
{
    protected MonitorHubFactory Factory { get; } = new(settings, provider);

    protected HttpClient Admin { get; private set; } = default!;

    /// <summary>Classes that seed data or start helpers override this and call it first.</summary>
    public virtual ValueTask InitializeAsync()
    {
        Admin = Factory.CreateAdminClient();
        return ValueTask.CompletedTask;
    }

    /// <summary>Classes with helpers of their own override this, dispose them, then call it.</summary>
    public virtual async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    protected Task<int> CreateRuleAsync(string name, string metric, double threshold) =>
        CreateRuleAsync(new { name, metric, threshold, clearThreshold = threshold - 1 });

    protected async Task<int> CreateRuleAsync(object rule)
    {
        var response = await Admin.PostAsJsonAsync("/api/v1/rules", rule);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync()).GetProperty("id").GetInt32();
    }
}
