using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace MonitorHub.Infrastructure.Security;

/// <summary>
/// Where MonitorHub may send requests (notification channels, later scrape targets). An editor must
/// not be able to make the server probe or call its own network: loopback, link-local (the cloud
/// metadata address 169.254.169.254 among them), private, carrier-grade NAT and unspecified addresses
/// are refused unless <c>MonitorHub:Security:AllowedPrivateTargets</c> lists them. The URL text is
/// checked when a channel is saved (a clear 400), and the resolved address again at connect time, so a
/// name that later resolves to a private address (DNS rebinding) is refused too.
/// </summary>
public sealed class OutboundPolicy(IOptions<MonitorHubOptions> options)
{
    public const string Setting = "MonitorHub:Security:AllowedPrivateTargets";

    private readonly Lazy<IReadOnlyList<(IPAddress Network, int Prefix)>> _allowed = new(() => ParseAllowed(options.Value.Security.AllowedPrivateTargets));

    /// <summary>Why a URL cannot be a target, or null. Host names are resolved only at connect time.</summary>
    public string? Check(Uri uri)
    {
        var host = uri.IdnHost;
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
            return Allowed(IPAddress.Loopback) ? null : Refusal(host);
        return IPAddress.TryParse(host.Trim('[', ']'), out var address) ? Check(address) : null;
    }

    public string? Check(IPAddress address) => IsPrivate(address) && !Allowed(address) ? Refusal(address.ToString()) : null;

    /// <summary>A handler that connects only to permitted addresses and never follows redirects (a
    /// public URL answering 302 to an internal one would otherwise bypass the check).</summary>
    public SocketsHttpHandler CreateHandler() => new()
    {
        AllowAutoRedirect = false,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        ConnectCallback = ConnectAsync,
    };

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endpoint = context.DnsEndPoint;
        var addresses = IPAddress.TryParse(endpoint.Host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endpoint.Host, cancellationToken);
        // Every address the name resolves to must be permitted, else a mixed answer could slip through.
        foreach (var address in addresses)
        {
            if (Check(address) is { } reason) throw new HttpRequestException(reason);
        }

        if (addresses.Length == 0) throw new HttpRequestException($"{endpoint.Host} does not resolve.");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, endpoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private bool Allowed(IPAddress address) => InAny(address, _allowed.Value);

    /// <summary>Whether an address (IPv4-mapped IPv6 counts as IPv4) is in any of the networks.</summary>
    public static bool InAny(IPAddress address, IReadOnlyList<(IPAddress Network, int Prefix)> networks)
    {
        var mapped = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return networks.Any(n => InNetwork(mapped, n.Network, n.Prefix));
    }

    private static string Refusal(string target) =>
        $"{target} is a loopback, link-local or private address; list it in {Setting} to allow it.";

    public static bool IsPrivate(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6None)) return true;
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast;
        var b = address.GetAddressBytes();
        return b[0] switch
        {
            0 or 10 or 127 => true,
            100 => b[1] is >= 64 and < 128, // carrier-grade NAT
            169 => b[1] == 254,              // link-local, cloud metadata
            172 => b[1] is >= 16 and < 32,
            192 => b[1] == 168 || (b[1] == 0 && b[2] == 0),
            >= 224 => true,                  // multicast and reserved
            _ => false,
        };
    }

    /// <summary>Entries are addresses or CIDR networks ("127.0.0.1", "10.0.0.0/8", "::1").</summary>
    public static IReadOnlyList<(IPAddress Network, int Prefix)> ParseAllowed(IEnumerable<string> entries)
    {
        var result = new List<(IPAddress, int)>();
        foreach (var entry in entries)
        {
            if (TryParseNetwork(entry, out var network, out var prefix)) result.Add((network, prefix));
        }

        return result;
    }

    public static bool TryParseNetwork(string entry, out IPAddress network, out int prefix)
    {
        var parts = entry.Trim().Split('/');
        prefix = -1;
        if (!IPAddress.TryParse(parts[0], out network!)) return false;
        var bits = network.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        if (parts.Length == 1) prefix = bits;
        else if (parts.Length != 2 || !int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out prefix) || prefix < 0 || prefix > bits) return false;
        return true;
    }

    private static bool InNetwork(IPAddress address, IPAddress network, int prefix)
    {
        if (address.AddressFamily != network.AddressFamily) return false;
        var a = address.GetAddressBytes();
        var n = network.GetAddressBytes();
        for (var i = 0; i < a.Length && prefix > 0; i++, prefix -= 8)
        {
            var mask = prefix >= 8 ? 0xFF : (byte)(0xFF << (8 - prefix));
            if ((a[i] & mask) != (n[i] & mask)) return false;
        }

        return true;
    }
}
