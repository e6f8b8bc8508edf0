namespace MonitorHub.Benchmarks;

// Not top-level statements: the web app's public Program class is referenced here too.
internal static class BenchmarkMain
{
    /// <summary>Each benchmark prints one line of key=value pairs; see README "Performance".</summary>
    public static async Task<int> Main(string[] args)
    {
        // WebApplicationFactory finds the web project's folder through this variable outside test projects.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_MONITORHUB_WEB", Path.Combine(RepoRoot(), "src", "MonitorHub.Web"));
        switch (args.FirstOrDefault())
        {
            case "ingest" when args.Contains("--provider") || args.Contains("--nodes"):
                Console.WriteLine(await ClusterIngestBenchmark.RunAsync([.. args.Skip(1)]));
                return 0;
            case "ingest":
                Console.WriteLine(await IngestBenchmark.RunAsync([.. args.Skip(1)]));
                return 0;
            case "otlp":
                Console.WriteLine(await OtlpBenchmark.RunAsync([.. args.Skip(1)]));
                return 0;
            case "otlpprobe":
                Console.WriteLine(OtlpProbe.Run());
                return 0;
            case "parse":
                Console.WriteLine(ParseProbe.Run());
                return 0;
            case "rules":
                Console.WriteLine(await RulesBenchmark.RunAsync([.. args.Skip(1)]));
                return 0;
            case "drift":
                Console.WriteLine(DriftBenchmark.Run());
                return 0;
            case "judge":
                Console.WriteLine(JudgeBenchmark.Run());
                return 0;
            case "predictions":
                Console.WriteLine(PredictionReadBenchmark.Run([.. args.Skip(1)]));
                return 0;
            case "soak":
                await SoakBenchmark.RunAsync([.. args.Skip(1)]);
                return 0;
            case "query":
                Console.WriteLine(await QueryBenchmark.RunAsync([.. args.Skip(1)]));
                return 0;
            case "events":
                Console.WriteLine(await EventsBenchmark.RunAsync([.. args.Skip(1)]));
                return 0;
            case "route":
                Console.WriteLine(await RouteBenchmark.RunAsync([.. args.Skip(1)]));
                return 0;
            default:
                await Console.Error.WriteLineAsync("usage: dotnet run -c Release --project tests/MonitorHub.Benchmarks -- ingest [--provider postgres] [--nodes 2]|otlp|otlpprobe|query [--provider postgres]|rules|parse|drift|judge|predictions|soak|route|events [count | minutes preload] (query: [single-series samples] [realistic samples])");
                return 2;
        }
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MonitorHub.sln"))) return dir.FullName;
        }

        return Directory.GetCurrentDirectory();
    }
}
