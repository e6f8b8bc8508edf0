using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MonitorHub.Benchmarks;

/// <summary>
/// <c>ingest --provider postgres [--nodes 2]</c>: HTTP ingestion into SQLite (one node), PostgreSQL (one
/// node) and PostgreSQL (two nodes, the batches dealt between them), measured alternately in one run on
/// a fresh store each time. The PostgreSQL server is MONITORHUB_BENCH_POSTGRES (or the tests'
/// MONITORHUB_TEST_POSTGRES; tests/servers-shell.sh starts one); with MONITORHUB_TEST_REDIS the two
/// nodes also relay through Redis, as a real pair would. Both nodes run in this process, on the same
/// cores as the server and the client: the two-node figure says what one machine gives, not a cluster.
/// </summary>
internal static class ClusterIngestBenchmark
{
    private const int BatchSize = 10_000;
    private const int Rounds = 3;
    private const string HashKey = "YmVuY2gtaGFzaC1rZXktMzItYnl0ZXMtbG9uZy0xMjM=";

    public static async Task<string> RunAsync(string[] args)
    {
        var server = Environment.GetEnvironmentVariable("MONITORHUB_BENCH_POSTGRES") is { Length: > 0 } s ? s
            : Environment.GetEnvironmentVariable("MONITORHUB_TEST_POSTGRES") is { Length: > 0 } t ? t
            : throw new InvalidOperationException("Set MONITORHUB_BENCH_POSTGRES to a PostgreSQL server (tests/servers-shell.sh starts one).");
        var redis = Environment.GetEnvironmentVariable("MONITORHUB_TEST_REDIS");
        var total = Option(args, "--samples", 500_000);
        var nodes = Option(args, "--nodes", 2);
        var concurrency = Option(args, "--concurrency", 4);
        var bodies = IngestBenchmark.Rows(total, DateTimeOffset.UtcNow.AddHours(-2)).Chunk(BatchSize).Select(IngestBenchmark.Body).ToList();

        await RunAsync(bodies.Take(2).ToList(), concurrency, 1, server, null, postgres: true);
        var times = new Dictionary<string, List<double>> { ["sqlite"] = [], ["pg1"] = [], ["pgN"] = [] };
        for (var round = 0; round < Rounds; round++)
        {
            times["sqlite"].Add((await RunAsync(bodies, concurrency, 1, server, null, postgres: false)).TotalSeconds);
            times["pg1"].Add((await RunAsync(bodies, concurrency, 1, server, redis, postgres: true)).TotalSeconds);
            times["pgN"].Add((await RunAsync(bodies, concurrency * nodes, nodes, server, redis, postgres: true)).TotalSeconds);
        }

        double Rate(string key) => total / IngestBenchmark.Median(times[key]);
        return string.Create(CultureInfo.InvariantCulture,
            $"ingest_cluster sqlite_1_node_samples_per_s={Rate("sqlite"):F0} postgres_1_node_samples_per_s={Rate("pg1"):F0} postgres_{nodes}_nodes_samples_per_s={Rate("pgN"):F0} " +
            $"ratio_{nodes}_to_1={Rate("pgN") / Rate("pg1"):F2} samples={total} batch={BatchSize} concurrency_per_node={concurrency} redis={(redis is null ? "no" : "yes")} rounds={Rounds} cores={Environment.ProcessorCount}");
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    /// <summary>Posts the bodies, dealt round-robin to <paramref name="nodeCount"/> fresh nodes on one
    /// fresh store, <paramref name="concurrency"/> requests in flight; the time until all were answered.</summary>
    private static async Task<TimeSpan> RunAsync(List<byte[]> bodies, int concurrency, int nodeCount, string server, string? redis, bool postgres)
    {
        var database = "mh_bench_" + Guid.NewGuid().ToString("N");
        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
        if (postgres) await AdminAsync(server, $"CREATE DATABASE \"{database}\"");
        var channel = $"mh-bench-{Guid.NewGuid():N}:";
        var factories = new List<IngestBenchmark.Factory>();
        try
        {
            // One after the other: the first migrates and creates the bootstrap admin.
            for (var n = 0; n < nodeCount; n++)
            {
                var settings = new Dictionary<string, string?>();
                if (postgres)
                {
                    settings["MonitorHub:Database:Provider"] = "PostgreSQL";
                    settings["MonitorHub:Database:ConnectionString"] = connectionString;
                    settings["MonitorHub:Security:HashKey"] = HashKey;
                    if (redis is not null) settings["MonitorHub:Redis:Configuration"] = $"{redis},channelPrefix={channel}";
                }

                var node = new IngestBenchmark.Factory(Path.Combine(Path.GetTempPath(), "monitorhub-bench", Guid.NewGuid().ToString("N")), settings);
                node.UseKestrel(0);
                node.StartServer();
                factories.Add(node);
            }

            var clients = factories.Select(f =>
            {
                var client = new HttpClient { BaseAddress = new Uri(f.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()), Timeout = TimeSpan.FromMinutes(5) };
                client.DefaultRequestHeaders.Add("X-Api-Key", IngestBenchmark.Token);
                return client;
            }).ToList();
            var next = -1;
            var watch = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < bodies.Count)
                {
                    using var content = new ByteArrayContent(bodies[i]);
                    content.Headers.ContentType = new("application/json");
                    using var response = await clients[i % clients.Count].PostAsync("/api/v1/metrics", content);
                    if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"batch {i}: {(int)response.StatusCode}");
                }
            }));
            watch.Stop();
            foreach (var client in clients) client.Dispose();
            return watch.Elapsed;
        }
        finally
        {
            foreach (var node in factories) await node.DisposeAsync();
            SqliteConnection.ClearAllPools();
            NpgsqlConnection.ClearAllPools();
            if (postgres) await AdminAsync(server, $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
        }
    }

    private static async Task AdminAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
