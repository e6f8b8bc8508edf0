using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MonitorHub.Core.Drift.Predictions;
using MonitorHub.Infrastructure.Persistence;
using Predictions = MonitorHub.Infrastructure.Persistence.Tables.Predictions;

namespace MonitorHub.Infrastructure.Drift;

public enum FeatureKind
{
    /// <summary>Numeric when every present value is a number, else categorical.</summary>
    Auto,

    /// <summary>Numbers; a text value reads as missing.</summary>
    Numeric,

    /// <summary>Text; a number reads as its shortest round-trip text.</summary>
    Categorical,
}

public sealed record FeatureRequest(string Name, FeatureKind Kind = FeatureKind.Auto);

/// <summary>Which predictions to read: a time range [from, to), or the newest <c>Last</c> ones.</summary>
public sealed record PredictionWindow(DateTimeOffset? From, DateTimeOffset? To, int? Last)
{
    public static PredictionWindow Range(DateTimeOffset from, DateTimeOffset to) => new(from, to, null);

    /// <summary>The newest <paramref name="count"/> predictions (before <paramref name="before"/> if given).</summary>
    public static PredictionWindow Latest(int count, DateTimeOffset? before = null) => new(null, before, count);
}

/// <summary>One feature's values, row-aligned with <see cref="FeatureColumns.TimestampsMs"/>; exactly one
/// of the arrays is set, by <see cref="Kind"/> (Numeric or Categorical). Null is missing.</summary>
public sealed record FeatureColumn(string Name, FeatureKind Kind, double?[]? Numeric, string?[]? Categorical);

/// <summary>Feature columns of a model's predictions in time order.</summary>
public sealed record FeatureColumns(string Model, long[] TimestampsMs, IReadOnlyList<FeatureColumn> Columns)
{
    public int Count => TimestampsMs.Length;
    public FeatureColumn this[string name] => Columns.First(c => c.Name == name);
}

/// <summary>
/// Reads stored live predictions column-wise for drift statistics and the performance view (shadow and
/// human rows are the deployments' and automation's business, not the live model's drift). Feature
/// values are pulled out of the stored JSON by scanning it in C# with <see cref="Utf8JsonReader"/>
/// rather than with SQLite's json_extract, which re-parses the whole object once per feature:
/// on 100 000 rows of 20 features (<c>MonitorHub.Benchmarks predictions</c>) reading 5 features took
/// 167 ms vs 253 ms, reading 15 took 185 ms vs 732 ms. json_extract stays for that comparison (SQLite
/// only; on PostgreSQL the reader always parses).
/// </summary>
public sealed class PredictionReader(StoreConnections connections)
{
    // The feature names of the newest rows: SQLite's json_each, PostgreSQL's jsonb_object_keys over the
    // text column (ordered byte-wise on both, as SQLite's default collation does).
    private static readonly DialectSql FeatureNamesSql = new(
        $"SELECT DISTINCT j.key FROM (SELECT {Predictions.Features} FROM {Predictions.Table} WHERE {Predictions.Model} = @m{SqlFilters.LivePredictions} " +
        $"ORDER BY {Predictions.Ts} DESC LIMIT @n) p, json_each(p.{Predictions.Features}) j ORDER BY j.key",
        $"SELECT DISTINCT j.key COLLATE \"C\" FROM (SELECT {Predictions.Features} FROM {Predictions.Table} WHERE {Predictions.Model} = @m{SqlFilters.LivePredictions} " +
        $"ORDER BY {Predictions.Ts} DESC LIMIT @n) p, jsonb_object_keys(p.{Predictions.Features}::jsonb) AS j(key) ORDER BY 1");

    internal enum Strategy
    {
        Parse,
        JsonExtract,
    }

    public Task<FeatureColumns> ReadFeaturesAsync(
        string model, PredictionWindow window, IReadOnlyList<FeatureRequest> features, CancellationToken cancellationToken = default) =>
        Task.Run(() => ReadFeatures(model, window, features, Strategy.Parse), cancellationToken);

    /// <summary>Feature names seen in the newest <paramref name="recent"/> predictions, sorted.</summary>
    public Task<IReadOnlyList<string>> FeatureNamesAsync(string model, int recent = 1000, CancellationToken cancellationToken = default) =>
        Task.Run<IReadOnlyList<string>>(() =>
        {
            using var connection = Open();
            using var command = connection.CreateCommand();
            command.CommandText = connections.Sql(FeatureNamesSql);
            command.Add("m", model);
            command.Add("n", recent);
            using var reader = command.ExecuteReader();
            var names = new List<string>();
            while (reader.Read()) names.Add(reader.GetString(0));
            return names;
        }, cancellationToken);

    /// <summary>Performance per step over [from, to), from the predictions table.</summary>
    public Task<IReadOnlyList<PerformanceBucket>> PerformanceAsync(
        string model, DateTimeOffset from, DateTimeOffset to, long stepSeconds, CancellationToken cancellationToken = default) =>
        Task.Run(() => Accumulate(model, from, to, stepSeconds * 1000).Buckets(), cancellationToken);

    /// <summary>Performance over [from, to) as one bucket.</summary>
    public Task<PerformanceBucket> SummaryAsync(string model, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default) =>
        Task.Run(() => Accumulate(model, from, to, long.MaxValue / 4).Total(from), cancellationToken);

    internal FeatureColumns ReadFeatures(string model, PredictionWindow window, IReadOnlyList<FeatureRequest> features, Strategy strategy)
    {
        // A quote or backslash in a name cannot be written into a json_extract path safely; json_extract is SQLite's.
        if (connections.Provider != DatabaseProvider.Sqlite ||
            features.Any(f => f.Name.Contains('"', StringComparison.Ordinal) || f.Name.Contains('\\', StringComparison.Ordinal)))
            strategy = Strategy.Parse;
        var builders = features.Select(f => new ColumnBuilder(f)).ToArray();
        var timestamps = new List<long>();
        using var connection = Open();
        using var command = connection.CreateCommand();
        const string Newest = $" FROM {Predictions.Table} WHERE {Predictions.Model} = @m AND {Predictions.Ts} < @t{SqlFilters.LivePredictions} " +
                              $"ORDER BY {Predictions.Ts} DESC, {Predictions.Id} DESC LIMIT @n";
        const string InRange = $" FROM {Predictions.Table} WHERE {Predictions.Model} = @m AND {Predictions.Ts} >= @f AND {Predictions.Ts} < @t{SqlFilters.LivePredictions} " +
                               $"ORDER BY {Predictions.Ts}, {Predictions.Id}";
        var columns = $"{Predictions.Ts}, {Predictions.Features}";
        if (strategy == Strategy.JsonExtract)
        {
            const string Extract = $", json_extract({Predictions.Features}, @f";
            columns = Predictions.Ts + string.Concat(features.Select((_, i) => $"{Extract}{i})"));
            for (var i = 0; i < features.Count; i++)
                command.Add("f" + i.ToString(CultureInfo.InvariantCulture), "$.\"" + features[i].Name + "\"");
        }

        command.CommandText = window.Last is { } last ? $"SELECT {columns}{Newest}" : $"SELECT {columns}{InRange}";
        command.Add("m", model);
        command.Add("t", window.To?.ToUnixTimeMilliseconds() ?? long.MaxValue);
        if (window.Last is { } n) command.Add("n", n);
        else command.Add("f", window.From?.ToUnixTimeMilliseconds() ?? long.MinValue);
        // SQLite hands the stored text over as its UTF-8 bytes with no copy to a string; Npgsql reads text as a string.
        var sqlite = connections.Provider == DatabaseProvider.Sqlite;

        // The same feature may be requested twice (e.g. as numbers and as categories): match each
        // distinct name once and feed every column that asked for it.
        var distinct = features.Select(f => f.Name).Distinct(StringComparer.Ordinal).ToArray();
        var names = distinct.Select(Encoding.UTF8.GetBytes).ToArray();
        var targets = distinct.Select(n => builders.Where(b => b.Name == n).ToArray()).ToArray();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                timestamps.Add(reader.GetInt64(0));
                foreach (var b in builders) b.AddMissing();
                if (strategy == Strategy.JsonExtract) ReadExtracted(reader, builders);
                else ParseRow(sqlite ? reader.GetFieldValue<byte[]>(1) : Encoding.UTF8.GetBytes(reader.GetString(1)), names, targets);
            }
        }

        var ts = timestamps.ToArray();
        var reverse = window.Last is not null;
        if (reverse) Array.Reverse(ts);
        return new FeatureColumns(model, ts, [.. builders.Select(b => b.Build(reverse))]);
    }

    internal static Scalar ScalarAt(DbDataReader reader, int textOrdinal) =>
        !reader.IsDBNull(textOrdinal) ? Scalar.Of(reader.GetString(textOrdinal))
        : !reader.IsDBNull(textOrdinal + 1) ? Scalar.Of(reader.GetDouble(textOrdinal + 1))
        : Scalar.Missing;

    private static void ReadExtracted(DbDataReader reader, ColumnBuilder[] builders)
    {
        for (var i = 0; i < builders.Length; i++)
        {
            var ordinal = i + 1;
            if (reader.IsDBNull(ordinal)) continue;
            if (reader.GetFieldType(ordinal) == typeof(string)) builders[i].SetText(reader.GetString(ordinal));
            else builders[i].SetNumber(reader.GetDouble(ordinal));
        }
    }

    private static void ParseRow(byte[] json, byte[][] names, ColumnBuilder[][] targets)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read(); // StartObject
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var match = -1;
            for (var i = 0; i < names.Length; i++)
            {
                if (reader.ValueTextEquals(names[i]))
                {
                    match = i;
                    break;
                }
            }

            reader.Read();
            if (match < 0) continue;
            if (reader.TokenType == JsonTokenType.Number)
            {
                var number = reader.GetDouble();
                foreach (var b in targets[match]) b.SetNumber(number);
            }
            else if (reader.TokenType == JsonTokenType.String)
            {
                var text = reader.GetString()!;
                foreach (var b in targets[match]) b.SetText(text);
            }
        }
    }

    /// <summary>
    /// Labelled outcomes in the order their labels arrived, after a cursor (label time, row id): the
    /// stream DDM reads for concept drift. Regression outcomes have no right/wrong: their error is null.
    /// </summary>
    public Task<IReadOnlyList<(long Id, long LabelledAtMs, long TimestampMs, bool? Error)>> ErrorStreamAsync(
        string model, long afterMs, long afterId, int limit, CancellationToken cancellationToken = default) =>
        Task.Run<IReadOnlyList<(long, long, long, bool?)>>(() =>
        {
            using var connection = Open();
            using var command = connection.CreateCommand();
            const string Sql =
                $"SELECT {Predictions.Id}, {Predictions.LabelledAtMs}, {Predictions.OutputText}, {Predictions.OutputNumber}, {Predictions.LabelText}, " +
                $"{Predictions.LabelNumber}, {Predictions.Ts} FROM {Predictions.Table} WHERE {Predictions.Model} = @m AND {Predictions.LabelledAtMs} IS NOT NULL{SqlFilters.LivePredictions} " +
                $"AND ({Predictions.LabelledAtMs} > @c OR ({Predictions.LabelledAtMs} = @c AND {Predictions.Id} > @i)) " +
                $"ORDER BY {Predictions.LabelledAtMs}, {Predictions.Id} LIMIT @n";
            command.CommandText = Sql;
            command.Add("m", model);
            command.Add("c", afterMs);
            command.Add("i", afterId);
            command.Add("n", limit);
            using var reader = command.ExecuteReader();
            // Unjudgeable rows (regression) come back with a null error so the cursor still moves past them.
            var rows = new List<(long, long, long, bool?)>();
            while (reader.Read())
            {
                var correct = LabelOutcome.Of(ScalarAt(reader, 2), ScalarAt(reader, 4)).Correct;
                rows.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(6), correct is { } c ? !c : null));
            }

            return rows;
        }, cancellationToken);

    private PerformanceAccumulator Accumulate(string model, DateTimeOffset from, DateTimeOffset to, long stepMs)
    {
        var accumulator = new PerformanceAccumulator(stepMs);
        using var connection = Open();
        const string Sql =
            $"SELECT {Predictions.Ts}, {Predictions.OutputText}, {Predictions.OutputNumber}, {Predictions.LabelText}, {Predictions.LabelNumber}, " +
            $"{Predictions.LabelledAtMs} FROM {Predictions.Table} WHERE {Predictions.Model} = @m AND {Predictions.Ts} >= @a AND {Predictions.Ts} < @b{SqlFilters.LivePredictions}";
        WindowQuery.Read(connection, Sql, model, from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds(), reader =>
            accumulator.Add(new PerformanceRow(reader.GetInt64(0), ScalarAt(reader, 1), ScalarAt(reader, 3), reader.IsDBNull(5) ? null : reader.GetInt64(5))));

        return accumulator;
    }

    private DbConnection Open() => connections.Open();

    /// <summary>Collects one column; numbers and text are kept apart until the kind is known.</summary>
    private sealed class ColumnBuilder(FeatureRequest request)
    {
        public string Name => request.Name;

        private readonly List<double?> _numbers = [];
        private readonly List<string?> _texts = [];
        private bool _sawText;

        public void AddMissing()
        {
            _numbers.Add(null);
            _texts.Add(null);
        }

        public void SetNumber(double value) => _numbers[^1] = value;

        public void SetText(string value)
        {
            _texts[^1] = value;
            _sawText = true;
        }

        public FeatureColumn Build(bool reverse)
        {
            var kind = request.Kind != FeatureKind.Auto ? request.Kind : _sawText ? FeatureKind.Categorical : FeatureKind.Numeric;
            if (kind == FeatureKind.Numeric)
            {
                var numbers = _numbers.ToArray();
                if (reverse) Array.Reverse(numbers);
                return new FeatureColumn(request.Name, kind, numbers, null);
            }

            var texts = new string?[_texts.Count];
            for (var i = 0; i < texts.Length; i++) texts[i] = _texts[i] ?? _numbers[i]?.ToString("R", CultureInfo.InvariantCulture);
            if (reverse) Array.Reverse(texts);
            return new FeatureColumn(request.Name, kind, null, texts);
        }
    }
}
