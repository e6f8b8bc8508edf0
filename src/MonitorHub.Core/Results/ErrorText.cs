namespace MonitorHub.Core;

/// <summary>
/// The one place that trims exception messages before a client or a page sees them, so every
/// answer built from a framework's message is cut the same way.
/// </summary>
public static class ErrorText
{
    /// <summary>
    /// The first sentence, with its full stop. Parser messages go on with a path and hints the
    /// answer already gives (the field) or that mean nothing to a client.
    /// </summary>
    public static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message[..(end + 1)] : message;
    }

    /// <summary>The first line: what follows (inner exceptions) may repeat a URL, which can be a secret.</summary>
    public static string FirstLine(string message) => message.Split('\n')[0];
}
