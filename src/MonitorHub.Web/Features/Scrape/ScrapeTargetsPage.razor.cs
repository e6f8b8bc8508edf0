using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MonitorHub.Core.Metrics;
using MonitorHub.Core.Metrics.Scrape;
using MonitorHub.Core.Security;
using MonitorHub.Infrastructure.Catalogue;
using MonitorHub.Infrastructure.Scrape;
using MonitorHub.Web.Components;
using MonitorHub.Web.Components.Shared;
using MonitorHub.Web.Features.Security;
using MudBlazor;

namespace MonitorHub.Web.Features.Scrape;

/// <summary>Lists scrape targets with the health of their last scrape (refreshed as scrapes finish);
/// editors add, edit and delete them in <see cref="ScrapeTargetDialog"/>.</summary>
public partial class ScrapeTargetsPage
{
    // Rendered again in the browser's zone once it is known (see BrowserZone).
    [CascadingParameter(Name = BrowserZone.CascadeName)] private string? BrowserZoneName { get; set; }

    private readonly List<BreadcrumbItem> _crumbs = [new("Catalogue", Urls.Catalogue), new("Scrape targets", null, disabled: true)];
    private IReadOnlyList<ScrapeTarget> _targets = [];
    private IReadOnlyList<SystemView> _systems = [];
    private bool _loading = true;
    private bool _canEdit;

    [Inject] private ScrapeTargetStore Store { get; set; } = default!;
    [Inject] private CatalogueStore Catalogue { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private BrowserTimeProvider Time { get; set; } = default!;
    [Inject] private AuthenticationStateProvider Auth { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        // The last error is shown to editors only, as in the API (it would probe MonitorHub's network).
        _canEdit = Policies.Allows((await Auth.GetAuthenticationStateAsync()).User, Permission.Edit);
        Store.Changed += OnStoreChanged;
        _systems = await Catalogue.ListSystemsAsync();
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _targets = await Store.ListAsync();
        _loading = false;
    }

    private static Color HealthColor(ScrapeTarget target) => target.Status.Health switch
    {
        ScrapeHealth.Up when target.Status.LastError is not null => Color.Warning,
        ScrapeHealth.Up => Color.Success,
        ScrapeHealth.Down => Color.Error,
        _ => Color.Default,
    };

    private static string HealthText(ScrapeTarget target) => !target.Enabled ? "disabled" : target.Status.Health switch
    {
        ScrapeHealth.Up => "up",
        ScrapeHealth.Down => "down",
        _ => "not scraped yet",
    };

    private async Task EditAsync(ScrapeTarget? target)
    {
        var parameters = new DialogParameters<ScrapeTargetDialog> { { x => x.Target, target }, { x => x.Systems, _systems } };
        var dialog = await Dialogs.ShowAsync<ScrapeTargetDialog>(target is null ? "Add scrape target" : "Edit scrape target", parameters,
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        if (await dialog.Result is { Canceled: false, Data: ScrapeTarget saved })
        {
            Snackbar.Add($"Saved {saved.Name}; it is scraped within a second.", Severity.Success);
            await LoadAsync();
        }
    }

    private async Task DeleteAsync(ScrapeTarget target)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Delete scrape target", $"Stop scraping {target.Name}? Samples already stored stay.", yesText: "Delete", cancelText: "Cancel");
        if (confirmed != true) return;
        var user = (await Auth.GetAuthenticationStateAsync()).User;
        if (!Policies.Allows(user, Permission.Edit)) return;
        await Store.DeleteAsync(target.Id, user.ActorName());
        await LoadAsync();
    }

    private void OnStoreChanged() => _ = InvokeAsync(async () =>
    {
        await LoadAsync();
        StateHasChanged();
    });

    public void Dispose() => Store.Changed -= OnStoreChanged;
}
