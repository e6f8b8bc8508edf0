using System.Globalization;

namespace MonitorHub.Web.Components.Shared;

public static class ValueFormat
{
    /// <summary>Readable magnitudes: thousands separated, small values with enough significant digits.</summary>
    public static string Number(double value)
    {
        if (!double.IsFinite(value)) return "—";
        var abs = Math.Abs(value);
        var format = abs >= 1000 ? "N0" : abs >= 100 ? "N1" : abs >= 1 ? "N2" : abs == 0 ? "0" : "G3";
        return value.ToString(format, CultureInfo.InvariantCulture);
    }

    public static string WithUnit(double value, string unit) =>
        string.IsNullOrEmpty(unit) ? Number(value) : unit == "%" ? Number(value) + " %" : $"{Number(value)} {unit}";
}
