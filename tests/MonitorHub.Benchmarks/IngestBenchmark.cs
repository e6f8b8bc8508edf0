using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using MonitorHub.Infrastructure.Persistence;

namespace MonitorHub.Benchmarks;

/// <summary>
/// HTTP ingestion against a real Kestrel host versus the raw SQLite ceiling: a prepared INSERT of
/// the same rows in one transaction with the same pragmas, measured in the same run.
/// </summary>
internal static class IngestBenchmark
{
    private const int Series = 100;
    private const int BatchSize = 10_000;
    private const int Rounds = 3;
    internal const string Token = "bench-admin-token-0123456789";

    public static async Task<string> RunAsync(string[] args)
    {
        var total = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var concurrency = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2;
        var start = DateTimeOffset.UtcNow.AddHours(-2);
        var rows = Rows(total, start);
        var bodies = rows.Chunk(BatchSize).Select(Body).ToList();

        // Warm-up on a separate host so JIT and connection set-up are not measured. Then the two
        // are measured alternately, three rounds each, and the medians compared: this machine is noisy.
        await HttpRunAsync(bodies.Take(2).ToList(), concurrency);
        var httpTimes = new List<double>();
        var rawTimes = new List<double>();
        for (var round = 0; round < Rounds; round++)
        {
            httpTimes.Add((await HttpRunAsync(bodies, concurrency)).TotalSeconds);
            rawTimes.Add(RawInsert(rows).TotalSeconds);
        }

        var httpRate = total / Median(httpTimes);
        var rawRate = total / Median(rawTimes);
        return string.Create(CultureInfo.InvariantCulture,
            $"ingest http_samples_per_s={httpRate:F0} raw_sqlite_samples_per_s={rawRate:F0} ratio={httpRate / rawRate:F2} samples={total} batch={BatchSize} concurrency={concurrency} rounds={Rounds}");
    }

    internal static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }

    /// <summary>The rows every ingestion benchmark sends: <see cref="Series"/> series over 10 metrics, 5 ms apart.</summary>
    internal static List<(int Series, DateTimeOffset Ts, double Value)> Rows(int total, DateTimeOffset start) =>
        [.. Enumerable.Range(0, total).Select(i => (Series: i % Series, Ts: start.AddMilliseconds(i * 5), Value: 100 + (i * 7919 % 1000) / 10.0))];

    internal static byte[] Body((int Series, DateTimeOffset Ts, double Value)[] batch)
    {
        var json = new StringBuilder("{\"samples\":[");
        for (var i = 0; i < batch.Length; i++)
        {
            if (i > 0) json.Append(',');
            var (series, ts, value) = batch[i];
            json.Append(CultureInfo.InvariantCulture,
                $"{{\"metric\":\"bench.metric_{series % 10}\",\"value\":{value},\"timestamp\":\"{ts.UtcDateTime:O}\",\"tags\":{{\"host\":\"h{series / 10}\"}}}}");
        }

        return Encoding.UTF8.GetBytes(json.Append("]}").ToString());
    }

    private static Task<TimeSpan> HttpRunAsync(List<byte[]> bodies, int concurrency) =>
        HttpRunAsync(bodies, concurrency, "/api/v1/metrics", "application/json", HttpStatusCode.Accepted);

    /// <summary>Posts the bodies to a fresh Kestrel host, <paramref name="concurrency"/> at a time; the time until all were answered.</summary>
    internal static async Task<TimeSpan> HttpRunAsync(List<byte[]> bodies, int concurrency, string path, string contentType, HttpStatusCode expected)
    {
        var directory = Path.Combine(Path.GetTempPath(), "monitorhub-bench", Guid.NewGuid().ToString("N"));
        await using var factory = new Factory(directory);
        factory.UseKestrel(0);
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(5) };
        client.DefaultRequestHeaders.Add("X-Api-Key", Token);

        var next = -1;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < bodies.Count)
            {
                using var content = new ByteArrayContent(bodies[i]);
                content.Headers.ContentType = new(contentType);
                using var response = await client.PostAsync(path, content);
                if (response.StatusCode != expected) throw new InvalidOperationException($"batch {i}: {(int)response.StatusCode}");
            }
        }));
        watch.Stop();
        SqliteConnection.ClearAllPools();
        return watch.Elapsed;
    }

    private static TimeSpan RawInsert(List<(int Series, DateTimeOffset Ts, double Value)> rows)
    {
        using var store = new BenchStore();
        using var connection = SqlitePragmas.Open(store.Paths.ConnectionString);
        using (var seed = connection.CreateCommand())
        {
            seed.CommandText = string.Join(";", Enumerable.Range(1, Series).Select(i => $"INSERT INTO series (Id, MetricKey, TagsKey) VALUES ({i}, 'bench.metric_{(i - 1) % 10}', 'host=h{(i - 1) / 10}')"));
            seed.ExecuteNonQuery();
        }

        var watch = Stopwatch.StartNew();
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO samples (SeriesId, Ts, Value) VALUES ($s, $t, $v)";
        var s = insert.Parameters.Add("$s", SqliteType.Integer);
        var t = insert.Parameters.Add("$t", SqliteType.Integer);
        var v = insert.Parameters.Add("$v", SqliteType.Real);
        insert.Prepare();
        foreach (var row in rows)
        {
            s.Value = row.Series + 1;
            t.Value = row.Ts.ToUnixTimeMilliseconds();
            v.Value = row.Value;
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
        watch.Stop();
        return watch.Elapsed;
    }

    /// <summary>A node of the ingestion benchmarks: Production, in-memory jobs, the bench token;
    /// <paramref name="settings"/> on top (the cluster benchmark's PostgreSQL and Redis).</summary>
    internal sealed class Factory(string directory, IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("MonitorHub:DataDirectory", directory);
            builder.UseSetting("MonitorHub:Jobs:Storage", "InMemory");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            builder.UseSetting("MonitorHub:Bootstrap:AdminToken", Token);
            builder.UseSetting("MonitorHub:Bootstrap:AdminPassword", "bench-password-1");
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) builder.UseSetting(key, value);
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
        }
    }
}
