namespace MonitorHub.Infrastructure.Cluster;

/// <summary>
/// This process among the nodes sharing one Redis. Every message a node publishes carries its id, so it
/// can drop its own messages when Redis hands them back (it is subscribed to the channels it publishes on)
/// instead of delivering them twice. Random per start: a restarted node is a new sender.
/// </summary>
public sealed class ClusterNode
{
    public string Id { get; } = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));
}
