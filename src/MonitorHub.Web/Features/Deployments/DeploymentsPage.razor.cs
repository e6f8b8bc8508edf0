using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MonitorHub.Core.Security;
using MonitorHub.Web.Components;
using MonitorHub.Infrastructure.Deployments;
using MonitorHub.Infrastructure.Drift;
using MonitorHub.Web.Features.Security;
using MudBlazor;

namespace MonitorHub.Web.Features.Deployments;

public sealed partial class DeploymentsPage
{
    internal const int PageSize = 20;

    private DeploymentPage _page = new([], 0, new Dictionary<long, Core.Deployments.AnalysisRun>());
    private IReadOnlyList<string> _models = [];
    private string? _model;
    private int _pageIndex = 1;
    private bool _loading = true;
    private bool _canEdit;

    [Inject] private DeploymentStore Store { get; set; } = default!;
    [Inject] private DeploymentFeed Feed { get; set; } = default!;
    [Inject] private ModelStore Models { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private AuthenticationStateProvider Auth { get; set; } = default!;
    [Inject] private Components.Shared.BrowserTimeProvider Time { get; set; } = default!;

    private int PageCount => Math.Max(1, (_page.Total + PageSize - 1) / PageSize);

    protected override async Task OnInitializedAsync()
    {
        _canEdit = Policies.Allows((await Auth.GetAuthenticationStateAsync()).User, Permission.Edit);
        _models = [.. (await Models.ListAsync()).Select(m => m.Name)];
        Feed.Changed += OnChanged;
        Time.Changed += OnZoneKnown;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _page = await Store.ListAsync(_model, (_pageIndex - 1) * PageSize, PageSize);
        _loading = false;
    }

    private async Task OnModelChangedAsync(string? model)
    {
        _model = model;
        _pageIndex = 1;
        await LoadAsync();
    }

    private async Task OnPageChangedAsync(int index)
    {
        _pageIndex = index;
        await LoadAsync();
    }

    private void OnChanged(DeploymentChange change) => _ = InvokeAsync(async () =>
    {
        await LoadAsync();
        StateHasChanged();
    });

    private async Task CreateAsync()
    {
        var options = new DialogOptions { MaxWidth = MaxWidth.Large, FullWidth = true, CloseOnEscapeKey = true };
        var parameters = new DialogParameters<NewDeploymentDialog> { { d => d.Model, _model } };
        var dialog = await Dialogs.ShowAsync<NewDeploymentDialog>("New deployment", parameters, options);
        if (await dialog.Result is { Canceled: false, Data: long id }) Navigation.NavigateTo(Urls.Deployment(id));
    }

    // Times are written in the browser's zone, which arrives after the first render.
    private void OnZoneKnown() => _ = InvokeAsync(StateHasChanged);

    public void Dispose()
    {
        Feed.Changed -= OnChanged;
        Time.Changed -= OnZoneKnown;
    }
}
