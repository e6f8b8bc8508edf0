using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using MonitorHub.Core.Drift.Predictions;
using MonitorHub.Infrastructure.Drift;

namespace MonitorHub.Benchmarks;

// Scalar.AspNetCore (the API docs) brings a root namespace "Scalar", which would hide the prediction value type.
using Scalar = MonitorHub.Core.Drift.Predictions.Scalar;

/// <summary>
/// Reading feature columns out of stored prediction JSON: SQLite's json_extract (one call per
/// feature and row) versus fetching the JSON and scanning it with Utf8JsonReader in C#.
/// 100 000 predictions of 20 features (15 numeric, 5 categorical, some null); 5 features read.
/// </summary>
internal static class PredictionReadBenchmark
{
    private const int Runs = 7;

    public static string Run(string[] args)
    {
        var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        using var store = new BenchStore();
        var to = DateTimeOffset.UtcNow;
        var from = to - TimeSpan.FromDays(1);
        Load(store, from, rows);

        var reader = store.Services.GetRequiredService<PredictionReader>();
        var window = PredictionWindow.Range(from, to);
        FeatureRequest[] features = [new("n0"), new("n7"), new("n14"), new("c1"), new("c4")];
        var parsed = reader.ReadFeatures("bench", window, features, PredictionReader.Strategy.Parse);
        var extracted = reader.ReadFeatures("bench", window, features, PredictionReader.Strategy.JsonExtract);
        for (var i = 0; i < features.Length; i++)
        {
            var same = parsed.Columns[i].Kind == extracted.Columns[i].Kind
                && (parsed.Columns[i].Numeric?.SequenceEqual(extracted.Columns[i].Numeric!) ?? parsed.Columns[i].Categorical!.SequenceEqual(extracted.Columns[i].Categorical!));
            if (!same) throw new InvalidOperationException($"Strategies disagree on {features[i].Name}.");
        }

        var parseMs = Time(() => reader.ReadFeatures("bench", window, features, PredictionReader.Strategy.Parse));
        var extractMs = Time(() => reader.ReadFeatures("bench", window, features, PredictionReader.Strategy.JsonExtract));
        var allParseMs = Time(() => reader.ReadFeatures("bench", window, [.. Enumerable.Range(0, 15).Select(i => new FeatureRequest("n" + i))], PredictionReader.Strategy.Parse));
        var allExtractMs = Time(() => reader.ReadFeatures("bench", window, [.. Enumerable.Range(0, 15).Select(i => new FeatureRequest("n" + i))], PredictionReader.Strategy.JsonExtract));
        return string.Create(CultureInfo.InvariantCulture,
            $"predictions rows={rows} features_per_row=20 read5_parse_ms_p50={parseMs:F1} read5_json_extract_ms_p50={extractMs:F1} " +
            $"read15_parse_ms_p50={allParseMs:F1} read15_json_extract_ms_p50={allExtractMs:F1}");
    }

    private static void Load(BenchStore store, DateTimeOffset from, int rows)
    {
        var random = new Random(7);
        string[] categories = ["pixel", "iphone", "galaxy", "other"];
        using var connection = new SqliteConnection(store.Paths.ConnectionString);
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO predictions (Model, PredictionId, Version, Ts, Features, OutputText, ContentHash) VALUES ('bench', $id, 'v1', $ts, $f, 'x', '')";
        var id = insert.Parameters.Add("$id", SqliteType.Text);
        var ts = insert.Parameters.Add("$ts", SqliteType.Integer);
        var f = insert.Parameters.Add("$f", SqliteType.Text);
        var step = (long)TimeSpan.FromDays(1).TotalMilliseconds / rows;
        for (var i = 0; i < rows; i++)
        {
            var features = new List<Feature>(20);
            for (var n = 0; n < 15; n++) features.Add(new("n" + n, random.NextDouble() < 0.05 ? Scalar.Missing : Scalar.Of(Math.Round(random.NextDouble() * 100, 4))));
            for (var c = 0; c < 5; c++) features.Add(new("c" + c, random.NextDouble() < 0.05 ? Scalar.Missing : Scalar.Of(categories[random.Next(categories.Length)])));
            features.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            id.Value = "p-" + i.ToString(CultureInfo.InvariantCulture);
            ts.Value = from.ToUnixTimeMilliseconds() + i * step;
            f.Value = PredictionCanonical.FeaturesJson(features);
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    private static double Time(Action action)
    {
        action();
        var times = new List<double>();
        for (var i = 0; i < Runs; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return times[times.Count / 2];
    }
}
