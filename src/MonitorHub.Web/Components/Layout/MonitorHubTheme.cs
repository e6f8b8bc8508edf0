using MudBlazor;

namespace MonitorHub.Web.Components.Layout;

/// <summary>Every colour the app uses, so light and dark mode and all charts stay consistent.</summary>
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

    /// <summary>
    /// Chart colours. Charts have transparent backgrounds and must read on both palettes, so these are
    /// mid-tone colours chosen once for both modes rather than per palette.
    /// </summary>
    public static class Chart
    {
        /// <summary>Axis labels and legend text: muted, legible on light and dark surfaces.</summary>
        public const string Text = "#8a94a6";
        public const string Grid = "rgba(128,128,128,0.2)";

        /// <summary>A limit being crossed: thresholds, the drift limit, error lines.</summary>
        public const string Alert = "#e53935";

        /// <summary>Where an alarm fires (or would have): the alert colour, faint enough to see the line through it.</summary>
        public const string AlertFill = "rgba(229,57,53,0.15)";

        /// <summary>Back to normal: clear thresholds, accuracy.</summary>
        public const string Ok = "#43a047";

        /// <summary>Warnings (detector warnings, RMSE).</summary>
        public const string Warning = "#fb8c00";

        /// <summary>Detections and drift statistics.</summary>
        public const string Detection = "#8e24aa";

        /// <summary>A plain trend line.</summary>
        public const string Trend = "#1e88e5";

        /// <summary>Context lines that should not draw the eye (labelled fraction).</summary>
        public const string Muted = "#9e9e9e";

        /// <summary>The reference side of a drift comparison.</summary>
        public const string Reference = "#5c6bc0";

        /// <summary>The current side of a drift comparison.</summary>
        public const string Current = "#ef6c00";
    }
}
