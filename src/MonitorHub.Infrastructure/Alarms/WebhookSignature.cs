using System.Globalization;
using System.Net.Http.Headers;
using MonitorHub.Core.Alarms;

namespace MonitorHub.Infrastructure.Alarms;

/// <summary>
/// The signature headers every outgoing MonitorHub webhook carries (channel notifications, approval
/// webhooks): the Unix time and <see cref="Channel.Sign"/> over <c>{timestamp}.{body}</c>, so one receiver
/// check verifies them all and refuses a request replayed later.
/// </summary>
public static class WebhookSignature
{
    public const string TimestampHeader = "X-MonitorHub-Timestamp";

    /// <param name="body">The exact body sent: the signature covers its bytes.</param>
    public static void Add(HttpRequestHeaders headers, string secret, string body, DateTimeOffset now)
    {
        var timestamp = now.ToUnixTimeSeconds();
        headers.Add(TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        headers.Add(Channel.SignatureHeader, Channel.Sign(secret, timestamp, body));
    }
}
