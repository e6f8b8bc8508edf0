using System.Net;
using System.Net.Http.Json;

namespace MonitorHub.Web.Tests.Support;

/// <summary>A fresh app per test class with an admin client; the common start of API tests.</summary>
public abstract class AdminApiTests : IAsyncLifetime
{
    protected MonitorHubFactory Factory { get; } = new();

    protected HttpClient Admin { get; private set; } = default!;

    public ValueTask InitializeAsync()
    {
        Admin = Factory.CreateAdminClient();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    protected async Task<int> CreateRuleAsync(string name, string metric, double threshold)
    {
        var response = await Admin.PostAsJsonAsync("/api/v1/rules", new { name, metric, threshold, clearThreshold = threshold - 1 });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync()).GetProperty("id").GetInt32();
    }
}
