using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MonitorHub.Core.Alarms;
using MonitorHub.Core.Metrics;
using MonitorHub.Infrastructure.Alarms;
using MonitorHub.Infrastructure.Catalogue;
using MonitorHub.Infrastructure.Query;
using MonitorHub.Web.Components;
using MonitorHub.Web.Features.Metrics;
using MonitorHub.Web.Features.Security;
using MudBlazor;
using Severity = MonitorHub.Core.Alarms.Severity;

namespace MonitorHub.Web.Features.Alarms;

public sealed partial class RuleEditor
{
    [Inject] private AlarmStore Store { get; set; } = default!;
    [Inject] private ChannelStore Channels { get; set; } = default!;
    [Inject] private BacktestService Backtests { get; set; } = default!;
    [Inject] private CatalogueStore Catalogue { get; set; } = default!;
    [Inject] private SeriesQueryService Queries { get; set; } = default!;
    [Inject] private AuthenticationStateProvider Auth { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private MonitorHub.Infrastructure.Versioning.VersionStore Versions { get; set; } = default!;
    [Inject] private MonitorHub.Infrastructure.FailureModes.FailureModeStore FailureModes { get; set; } = default!;

    [Parameter] public int? Id { get; set; }
    [SupplyParameterFromQuery(Name = "metric")] public string? MetricKey { get; set; }
    [SupplyParameterFromQuery(Name = "failureMode")] public int? FailureModeId { get; set; }
    [SupplyParameterFromQuery(Name = "suggest")] public bool? Suggest { get; set; }
    private AlarmRule _rule = new() { Aggregation = "mean", WindowSeconds = 300, Threshold = 0 };
    private string _tagText = "";
    private bool _canEdit, _notFound, _checking;
    private IReadOnlyList<(MonitorHub.Core.Metrics.TagSet Tags, double? Value)> _current = [];
    private BacktestResult? _backtest;
    private IReadOnlyList<string> _metrics = [];
    private IReadOnlyList<MetricDefinition> _definitions = [];
    private IReadOnlyList<Channel> _channels = [];
    private IReadOnlyList<MonitorHub.Core.Metrics.ValidationIssue> _issues = [];
    private CancellationTokenSource? _debounce;
    private string? _reason;
    private double? _noiseRate;
    private bool _loaded;
    private int? _loadedId;
    private string _unit = "";
    private AlarmRule _backtestRule = new();
    private DateTimeOffset _backtestFrom, _backtestTo;
    private IReadOnlyList<MonitorHub.Infrastructure.Versioning.VersionView> _versions = [];
    private MonitorHub.Core.FailureModes.FailureMode? _failureMode;

    protected override async Task OnParametersSetAsync()
    {
        // Saving a new rule navigates to /rules/{id}: the same component instance gets a new Id, so
        // loading keys on the Id rather than running once.
        if (_loaded && _loadedId == Id) return;
        (_loaded, _loadedId, _notFound) = (true, Id, false);
        _canEdit = Policies.Allows((await Auth.GetAuthenticationStateAsync()).User, MonitorHub.Core.Security.Permission.Edit);
        _definitions = await Catalogue.ListDefinitionsAsync();
        _metrics = [.. _definitions.Select(d => d.Key)];
        _channels = await Channels.ListChannelsAsync();
        if (Id is { } id)
        {
            var rule = await Store.GetRuleAsync(id);
            if (rule is null)
            {
                _notFound = true;
                return;
            }

            _rule = rule;
            _tagText = string.Join(", ", rule.Tags.Select(t => $"{t.Key}={t.Value}"));
            await LoadVersionsAsync();
            _noiseRate = await Store.NoiseRateAsync(id);
        }
        else
        {
            if (FailureModeId is { } fm) _failureMode = await FailureModes.GetAsync(fm);
            if (MonitorHub.Core.Metrics.IngestionLimits.IsValidMetricKey(MetricKey))
            {
                var definition = _definitions.FirstOrDefault(d => d.Key == MetricKey);
                _rule = _rule with { Metric = MetricKey!, Name = _failureMode is { } mode ? $"{mode.Title}: {definition?.DisplayName ?? MetricKey}" : "" };
            }
        }

        await CheckAsync();
    }

    private Task<IEnumerable<string>> SearchMetrics(string? text, CancellationToken cancellationToken) =>
        Task.FromResult(_metrics.Where(m => string.IsNullOrEmpty(text) || m.Contains(text, StringComparison.OrdinalIgnoreCase)).Take(50));

    private void SetTags(string? text)
    {
        _tagText = text ?? "";
        var tags = new Dictionary<string, string>();
        foreach (var part in _tagText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0) tags[part[..eq].Trim()] = part[(eq + 1)..].Trim();
        }

        Set(_rule with { Tags = tags });
    }

    /// <summary>Every edit re-validates at once and re-reads the current values after a short pause.</summary>
    private void Set(AlarmRule rule)
    {
        _rule = rule;
        _issues = AlarmRuleValidation.Validate(rule).Where(i => i.Field != "name" || _issues.Any(x => x.Field == "name")).ToList();
        // One live token source at a time: the previous pause is cancelled and its source disposed.
        _debounce?.Cancel();
        _debounce?.Dispose();
        _debounce = new CancellationTokenSource();
        var token = _debounce.Token;
        _ = Task.Delay(TimeSpan.FromMilliseconds(400), Clock, token).ContinueWith(_ => InvokeAsync(async () =>
        {
            await CheckAsync();
            StateHasChanged();
        }), token, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
    }

    private async Task CheckAsync()
    {
        if (!MonitorHub.Core.Metrics.IngestionLimits.IsValidMetricKey(_rule.Metric) || _rule.WindowSeconds < 10) { _current = []; return; }
        _checking = true;
        var now = Clock.GetUtcNow();
        var values = await Queries.WindowAsync(_rule.Metric, _rule.Tags, now.AddSeconds(-_rule.WindowSeconds), now, _rule.WindowAggregation);
        _current = [.. values.Where(v => v.Value is not null)
            .Select(v => (v.Tags, (double?)_rule.FromWindowValue(v.Value!.Value, _rule.WindowSeconds)))];
        // The same state machine replayed over the last week: evidence before saving.
        (_backtestFrom, _backtestTo, _backtestRule) = (now.AddDays(-7), now, _rule);
        _backtest = (await Backtests.RunAsync(_rule, _backtestFrom, _backtestTo, traceSeries: BacktestService.ChartSeries)).Value;
        _unit = _definitions.FirstOrDefault(d => d.Key == _rule.Metric)?.Unit ?? "";
        _checking = false;
    }

    private bool Has(string field) => _issues.Any(i => i.Field == field);
    private string? ErrorOf(string field) => _issues.FirstOrDefault(i => i.Field == field)?.Reason;

    private async Task SaveAsync()
    {
        var user = (await Auth.GetAuthenticationStateAsync()).User;
        var reason = Id is null ? null : _reason;
        var result = Id is null && _failureMode is { } mode
            ? await FailureModes.SaveLinkedRuleAsync(mode.Id, null, _rule, user.ActorName())
            : await Store.SaveRuleAsync(Id, _rule, user.ActorName(), reason);
        _issues = result.Issues;
        if (!result.IsOk) return;
        Snackbar.Add($"Saved rule “{result.Value.Name}”.", MudBlazor.Severity.Success);
        if (Id is null)
        {
            Navigation.NavigateTo(Urls.Rule(result.Value.Id));
            return;
        }

        _rule = result.Value;
        _reason = null;
        await LoadVersionsAsync();
    }

    private async Task LoadVersionsAsync() =>
        _versions = await Versions.ListAsync(MonitorHub.Infrastructure.Versioning.VersionStore.Rule, Id!.Value.ToString(CultureInfo.InvariantCulture));

    private async Task RollbackAsync(int version)
    {
        var user = (await Auth.GetAuthenticationStateAsync()).User;
        var result = await Store.RollbackRuleAsync(Id!.Value, version, user.ActorName(), null, Versions);
        if (!result.IsOk)
        {
            Snackbar.Add(result.Issues.FirstOrDefault()?.Reason ?? "Could not roll back.", MudBlazor.Severity.Error);
            return;
        }

        _rule = result.Value;
        _tagText = string.Join(", ", _rule.Tags.Select(t => $"{t.Key}={t.Value}"));
        _issues = [];
        await LoadVersionsAsync();
        await CheckAsync();
        Snackbar.Add($"Rolled back to version {version}.", MudBlazor.Severity.Success);
    }

    private void ApplySuggestion(AlarmRule suggested) => Set(_rule with
    {
        Threshold = suggested.Threshold, ClearThreshold = suggested.ClearThreshold, HourOfWeekThresholds = suggested.HourOfWeekThresholds,
    });

    private async Task DeleteAsync()
    {
        var user = (await Auth.GetAuthenticationStateAsync()).User;
        if (await Store.DeleteRuleAsync(Id!.Value, user.ActorName())) Navigation.NavigateTo(Urls.Rules);
    }

    public void Dispose()
    {
        _debounce?.Cancel();
        _debounce?.Dispose();
    }
}
