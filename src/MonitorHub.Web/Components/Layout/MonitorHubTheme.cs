using MudBlazor;

namespace MonitorHub.Web.Components.Layout;

public static class MonitorHubTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#3056d3",
            Secondary = "#0f9d8a",
            AppbarBackground = "#1f2a44",
            Background = "#f5f7fb",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#7c9cff",
            Secondary = "#4fd1c5",
            AppbarBackground = "#151a26",
            Background = "#0f131c",
            Surface = "#181e2b",
            DrawerBackground = "#151a26",
        },
    };
}
