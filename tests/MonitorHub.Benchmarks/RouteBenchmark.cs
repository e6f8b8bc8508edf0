using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using MonitorHub.Core.Deployments;
using MonitorHub.Infrastructure.Deployments;
using MonitorHub.Infrastructure.Drift;

namespace MonitorHub.Benchmarks;

/// <summary>The in-process routing decision of <c>GET /api/v1/deployments/{id}/route</c>: one live
/// canary at 30 % among 100 deployments in the router's table, each call timed on its own (p50/p99),
/// keys like session ids. The HTTP pipeline around it is not timed.</summary>
internal static class RouteBenchmark
{
    public static async Task<string> RunAsync(string[] args)
    {
        var calls = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        using var store = new BenchStore();
        var models = store.Services.GetRequiredService<ModelStore>();
        var versions = store.Services.GetRequiredService<ModelVersionStore>();
        var deployments = store.Services.GetRequiredService<DeploymentStore>();
        long id = 0;
        for (var m = 0; m < 100; m++)
        {
            var model = "bench-" + m.ToString(CultureInfo.InvariantCulture);
            await models.PutAsync(model, new(null, 1.0, 30), "bench", privacyAdmin: true);
            await versions.CreateAsync(model, "v1", null, "bench");
            await versions.CreateAsync(model, "v2", null, "bench");
            var created = await deployments.CreateAsync(
                new DeploymentSpec(model, DeploymentStrategy.Canary, "v1", "v2", [DeploymentStep.SetWeight(30), DeploymentStep.Pause()], new AnalysisSpec([], [])), "bench");
            id = created.Value!.Id;
        }

        var router = store.Services.GetRequiredService<DeploymentRouter>();
        await router.RouteAsync(id, "warm-up");
        // Progress the last one to 30 % through the controller, as in production (the feed updates the router).
        await store.Services.GetRequiredService<DeploymentController>().RunAsync();

        var keys = Enumerable.Range(0, calls).Select(i => "session-" + Guid.NewGuid().ToString("N")[..12] + i.ToString(CultureInfo.InvariantCulture)).ToArray();
        for (var i = 0; i < Math.Min(calls, 100_000); i++) router.Route(id, keys[i]);
        var ticks = new long[calls];
        var candidate = 0;
        var total = Stopwatch.StartNew();
        for (var i = 0; i < calls; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var answer = router.Route(id, keys[i]);
            ticks[i] = Stopwatch.GetTimestamp() - start;
            if (answer!.Value.Arm == RouteArm.Candidate) candidate++;
        }

        total.Stop();
        Array.Sort(ticks);
        double Micros(double q) => ticks[(int)Math.Min(ticks.Length - 1, q * ticks.Length)] * 1e6 / Stopwatch.Frequency;
        return string.Create(CultureInfo.InvariantCulture,
            $"route calls={calls} p50_us={Micros(0.50):F3} p99_us={Micros(0.99):F3} p999_us={Micros(0.999):F3} mean_ns={total.Elapsed.TotalNanoseconds / calls:F0} candidate_share={candidate / (double)calls:F4} weight=0.30");
    }
}
