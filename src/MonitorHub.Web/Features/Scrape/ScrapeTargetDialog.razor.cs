using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Web;
using MonitorHub.Core;
using MonitorHub.Core.Metrics;
using MonitorHub.Core.Metrics.Scrape;
using MonitorHub.Core.Security;
using MonitorHub.Infrastructure.Scrape;
using MonitorHub.Web.Features.Security;
using MudBlazor;

namespace MonitorHub.Web.Features.Scrape;

public partial class ScrapeTargetDialog
{
    private static readonly string[] Fields = ["name", "url", "intervalSeconds", "timeoutSeconds", "systemId", "componentId", "allowlist", "extraTags", "bearerToken"];

    private string? _name, _url, _allowlist, _tags, _token, _otherError;
    private int _interval = ScrapeTargetValidation.DefaultIntervalSeconds, _timeout = ScrapeTargetValidation.DefaultTimeoutSeconds;
    private int? _systemId, _componentId;
    private bool _enabled = true, _removeToken, _saving;
    private IReadOnlyList<ValidationIssue> _issues = [];

    [CascadingParameter] private IMudDialogInstance Dialog { get; set; } = default!;
    [Parameter] public ScrapeTarget? Target { get; set; }
    [Parameter] public IReadOnlyList<SystemView> Systems { get; set; } = [];

    [Inject] private ScrapeTargetStore Store { get; set; } = default!;
    [Inject] private AuthenticationStateProvider Auth { get; set; } = default!;

    protected override void OnInitialized()
    {
        if (Target is not { } t) return;
        (_name, _url, _interval, _timeout, _systemId, _componentId, _enabled) = (t.Name, t.Url, t.IntervalSeconds, t.TimeoutSeconds, t.SystemId, t.ComponentId, t.Enabled);
        _allowlist = string.Join(", ", t.Allowlist);
        _tags = string.Join(", ", t.ExtraTags.Select(p => $"{p.Key}={p.Value}"));
    }

    private bool Has(string field) => _issues.Any(i => i.Field == field);
    private string? ErrorOf(string field) => _issues.FirstOrDefault(i => i.Field == field)?.Reason;
    private bool HasPrefix(string field) => _issues.Any(i => i.Field.StartsWith(field, StringComparison.Ordinal));
    private string? ErrorOfPrefix(string field) => _issues.FirstOrDefault(i => i.Field.StartsWith(field, StringComparison.Ordinal))?.Reason;

    private async Task OnKeyDown(KeyboardEventArgs e)
    {
        if (e.Key == "Enter" && !_saving) await SaveAsync();
    }

    /// <summary>"a=b, c=d" into tags; null (with an issue) when a pair has no '='.</summary>
    internal static Dictionary<string, string>? ParseTags(string? text, List<ValidationIssue> issues)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in (text ?? "").Split([',', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var split = pair.IndexOf('=', StringComparison.Ordinal);
            if (split <= 0)
            {
                issues.Add(new(null, "extraTags", $"'{pair}' is not key=value."));
                return null;
            }

            tags[pair[..split].Trim()] = pair[(split + 1)..].Trim();
        }

        return tags;
    }

    private async Task SaveAsync()
    {
        _saving = true;
        try
        {
            var user = (await Auth.GetAuthenticationStateAsync()).User;
            if (!Policies.Allows(user, Permission.Edit))
            {
                _otherError = "Your role does not allow changing scrape targets.";
                return;
            }

            var local = new List<ValidationIssue>();
            var tags = ParseTags(_tags, local);
            if (tags is null)
            {
                _issues = local;
                return;
            }

            var allowlist = (_allowlist ?? "").Split([',', '\n', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
            // Empty keeps the stored token on an edit; the box removes it.
            var token = _removeToken ? "" : string.IsNullOrEmpty(_token) ? null : _token;
            var draft = new ScrapeTargetDraft(_name, _url, _interval, _timeout, _systemId, _componentId, allowlist, tags, token, _enabled);
            var result = Target is null ? await Store.CreateAsync(draft, user.ActorName()) : await Store.UpdateAsync(Target.Id, draft, user.ActorName());
            if (result.Value is { } saved)
            {
                Dialog.Close(DialogResult.Ok(saved));
                return;
            }

            _issues = result.Outcome == StoreOutcome.NotFound ? [new ValidationIssue(null, "id", "This target no longer exists.")] : result.Issues;
            _otherError = _issues.FirstOrDefault(i => !Fields.Any(f => i.Field.StartsWith(f, StringComparison.Ordinal)))?.Reason;
        }
        finally
        {
            _saving = false;
        }
    }
}
