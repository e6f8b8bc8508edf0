namespace MonitorHub.Core.Deployments;

/// <summary>Which arm answers a request: the baseline, the candidate, or the baseline with the
/// candidate run next to it in shadow (its output logged, never used).</summary>
public enum RouteArm
{
    Baseline,
    Candidate,
    Shadow,
}

public readonly record struct RouteAnswer(string Version, RouteArm Arm);

/// <summary>
/// The sticky routing decision. A key's bucket is a stable 64-bit hash of (salt, key) mod 10 000, and
/// the candidate answers buckets below weight × 100: the same key gets the same answer at the same
/// weight, and raising the weight only adds buckets, so no key moves back to the baseline. The hash is
/// FNV-1a over the salt's bytes then the key's UTF-16 code units, stable across processes and
/// runtimes (unlike string.GetHashCode, which is randomised per process).
/// </summary>
public static class RouteDecision
{
    public const int Buckets = 10_000;

    private const ulong Offset = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    public static RouteAnswer Decide(DeploymentStrategy strategy, DeploymentState state, int weight, long salt, string baseline, string candidate, string key)
    {
        switch (state)
        {
            case DeploymentState.Aborted or DeploymentState.RolledBack:
                return new(baseline, RouteArm.Baseline);
            case DeploymentState.Succeeded:
                return new(candidate, RouteArm.Candidate);
        }

        if (strategy == DeploymentStrategy.Shadow || (strategy == DeploymentStrategy.BlueGreen && weight < 100))
            return new(baseline, RouteArm.Shadow);
        return Bucket(salt, key) < weight * (Buckets / 100) ? new(candidate, RouteArm.Candidate) : new(baseline, RouteArm.Baseline);
    }

    /// <summary>The key's bucket in [0, 10 000).</summary>
    public static int Bucket(long salt, string key) => (int)(Hash(salt, key) % Buckets);

    public static ulong Hash(long salt, string key)
    {
        var hash = Offset;
        var s = unchecked((ulong)salt);
        for (var i = 0; i < 8; i++)
        {
            hash = (hash ^ (s & 0xFF)) * Prime;
            s >>= 8;
        }

        foreach (var c in key)
        {
            hash = (hash ^ (c & 0xFFu)) * Prime;
            hash = (hash ^ ((uint)c >> 8)) * Prime;
        }

        // FNV-1a's low bits mix poorly for short, similar keys; a final avalanche (MurmurHash3's fmix64)
        // spreads them, which is what keeps the split within ±1 % of the weight.
        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        hash *= 0xc4ceb9fe1a85ec53UL;
        hash ^= hash >> 33;
        return hash;
    }
}
