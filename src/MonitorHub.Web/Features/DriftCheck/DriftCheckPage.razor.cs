using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using MonitorHub.Core.Drift;
using MonitorHub.Core.Drift.Check;
using MonitorHub.Web.Features.Drift;
using MudBlazor;

namespace MonitorHub.Web.Features.DriftCheck;

public sealed partial class DriftCheckPage
{
    private readonly CancellationTokenSource _gone = new();

    public const int MaxFileMegabytes = 20;
    private const long MaxFileBytes = MaxFileMegabytes * 1024L * 1024L;

    private static readonly (DriftMethod Method, string Label)[] MethodLabels =
    [
        (DriftMethod.Auto, "auto (Evidently's defaults)"),
        (DriftMethod.Ks, "ks: Kolmogorov–Smirnov"),
        (DriftMethod.Chi2, "chi2: chi-square"),
        (DriftMethod.Wasserstein, "wasserstein: normed W1"),
        (DriftMethod.JensenShannon, "jensenshannon"),
        (DriftMethod.Psi, "psi: population stability"),
        (DriftMethod.Hellinger, "hellinger"),
    ];

    private readonly Side _reference = new("reference", "Reference CSV");
    private readonly Side _current = new("current", "Current CSV");
    private DriftMethod _method = DriftMethod.Auto;
    private MultipleTestCorrection _correction = MultipleTestCorrection.None;
    private double _driftShare = 0.5;
    private bool _running;
    private string? _error;
    private DatasetDriftResult? _result;
    private ReferenceProfile? _profile;
    private Dictionary<string, ColumnData> _currentColumns = [];
    private string? _selected;
    private NumericHistogram? _histogram;
    private CategoryBars? _bars;

    private sealed class Side(string key, string title)
    {
        public string Key { get; } = key;
        public string Title { get; } = title;
        public CsvTable? Table { get; set; }
        public string? Summary { get; set; }
        public string? Error { get; set; }
    }

    private async Task OnFileAsync(Side side, IBrowserFile? file)
    {
        (side.Table, side.Summary, side.Error) = (null, null, null);
        if (file is null) return;
        if (file.Size > MaxFileBytes)
        {
            side.Error = $"{file.Name} is {file.Size / 1048576.0:0.#} MB; the limit here is {MaxFileMegabytes} MB. Check larger data with a drift monitor.";
            return;
        }

        try
        {
            // Streamed and checked as it arrives; reading stops when the page (or the circuit) goes away.
            await using var stream = file.OpenReadStream(MaxFileBytes, _gone.Token);
            var parsed = await CsvReader.ParseAsync(stream, _gone.Token);
            if (parsed.Table is null)
            {
                side.Error = $"{file.Name}: {parsed.Error}";
                return;
            }

            side.Table = parsed.Table;
            var names = string.Join(", ", parsed.Table.Names.Take(8)) + (parsed.Table.Names.Length > 8 ? ", …" : "");
            side.Summary = $"{file.Name}: {parsed.Table.RowCount:N0} rows × {parsed.Table.Names.Length} columns ({names})";
        }
        catch (IOException ex)
        {
            side.Error = $"{file.Name} could not be read: {ex.Message}";
        }
        catch (OperationCanceledException) when (_gone.IsCancellationRequested)
        {
        }
    }

    private async Task RunAsync()
    {
        if (_reference.Table is not { } reference || _current.Table is not { } current) return;
        _error = null;
        if (!(_driftShare is > 0 and <= 1))
        {
            _error = "Drift share must be greater than 0 and at most 1.";
            return;
        }

        (_running, _result, _selected, _histogram, _bars) = (true, null, null, null, null);
        StateHasChanged();
        var options = new DriftRunOptions { DefaultMethod = _method, Correction = _correction, DriftShare = _driftShare };
        // Typing, profiling and the tests are CPU-bound: keep them off the circuit's render thread.
        var outcome = await Task.Run(() => Check(reference, current, options));
        _running = false;
        if (outcome.Run is not { } run)
        {
            _error = outcome.Error;
            return;
        }

        (_profile, _result, _currentColumns) = (run.Profile, run.Result, run.Current);
        var first = _result.Columns.FirstOrDefault(c => c.Drifted) ?? _result.Columns.FirstOrDefault();
        if (first is not null) await SelectAsync(first.Name);
    }

    private sealed record CheckRun(ReferenceProfile Profile, DatasetDriftResult Result, Dictionary<string, ColumnData> Current);

    private sealed record CheckOutcome(string? Error, CheckRun? Run);

    private static CheckOutcome Check(CsvTable reference, CsvTable current, DriftRunOptions options)
    {
        var (refColumns, curColumns, pairError) = CsvColumns.Pair(reference, current);
        if (pairError is not null) return new(pairError, null);
        var request = new DriftCheckRequest(refColumns, curColumns, options);
        var issues = DriftCheckRunner.Validate(request);
        if (issues.Count > 0) return new(string.Join(" ", issues.Select(i => i.Reason).Distinct()), null);
        var (profile, result) = DriftCheckRunner.Run(request);
        return new(null, new CheckRun(profile, result, curColumns.ToDictionary(c => c.Name, StringComparer.Ordinal)));
    }

    private Task OnRowClickAsync(TableRowClickEventArgs<ColumnDriftResult> args) => args.Item is { } c ? SelectAsync(c.Name) : Task.CompletedTask;

    private async Task SelectAsync(string name)
    {
        if (_profile?.Find(name) is not { } column || !_currentColumns.TryGetValue(name, out var data)) return;
        _selected = name;
        if (column.Kind == ColumnKind.Numeric)
            (_histogram, _bars) = (await Task.Run(() => DriftCharts.Numeric(column.Numeric!, data.NumericValues ?? [])), null);
        else
            (_histogram, _bars) = (null, await Task.Run(() => DriftCharts.Categorical(column.Categorical!, data.CategoricalValues ?? [])));
    }

    private static string Number(double? value) => value is { } v ? v.ToString(Math.Abs(v) is >= 1e-3 and < 1e5 or 0 ? "0.####" : "0.###e+0", CultureInfo.InvariantCulture) : "—";

    private static string PValue(ColumnDriftResult c)
    {
        if (c.PValue is null) return c.Status == ColumnDriftStatus.Tested ? "n/a (distance)" : "—";
        var raw = Number(c.PValue);
        return c.AdjustedPValue is { } adjusted && adjusted != c.PValue ? $"{raw} (adj. {Number(adjusted)})" : raw;
    }

    private static string ThresholdText(ColumnDriftResult c) =>
        (DatasetDrift.IsPValueMethod(c.Method) ? "α " : "≥ ") + Number(c.Threshold);

    public void Dispose()
    {
        _gone.Cancel();
        _gone.Dispose();
    }
}
