using System.Text.Json;

namespace MonitorHub.Web.Tests.Hosting;

/// <summary>The settings the shipped app starts with (its runtimeconfig.json, built from the Web csproj).</summary>
public sealed class RuntimeConfigTests
{
    [Fact]
    public void App_RunsTheWorkstationGarbageCollector()
    {
        // The Web SDK defaults to the server GC, which kept ~120 MB committed for a ~26 MB live heap
        // and put the 10-million-sample store over the 400 MB goal (README, Performance).
        var path = Path.Combine(AppContext.BaseDirectory, "MonitorHub.Web.runtimeconfig.json");
        using var config = JsonDocument.Parse(File.ReadAllText(path));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.False(properties.GetProperty("System.GC.Server").GetBoolean());
    }
}
