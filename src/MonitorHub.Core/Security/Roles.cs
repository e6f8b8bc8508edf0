namespace MonitorHub.Core.Security;

/// <summary>Cumulative roles: each includes every right of the ones before it.</summary>
public enum Role
{
    Viewer = 1,
    OnCall = 2,
    Editor = 3,
    Admin = 4,
}

/// <summary>What a request wants to do; pages, endpoints and hub methods each require one.</summary>
public enum Permission
{
    /// <summary>See dashboards, series, catalogue, audit.</summary>
    Read,

    /// <summary>Acknowledge, resolve and silence alarms.</summary>
    Operate,

    /// <summary>Change metric definitions, systems, rules, failure modes, drift monitors, channels.</summary>
    Edit,

    /// <summary>Users, API keys, retention, privacy settings, the Hangfire dashboard.</summary>
    Admin,

    /// <summary>Push samples and prediction logs.</summary>
    Ingest,
}

/// <summary>Scopes an API key can carry.</summary>
[Flags]
public enum ApiScopes
{
    None = 0,
    Ingest = 1,
    Read = 2,
    Write = 4,
    Admin = 8,
    All = Ingest | Read | Write | Admin,
}

public static class Access
{
    public static readonly IReadOnlyList<string> ScopeNames = ["ingest", "read", "write", "admin"];

    /// <summary>Ingestion is for keys only: a person's role never grants it.</summary>
    public static bool Allows(Role role, Permission permission) => permission switch
    {
        Permission.Read => role >= Role.Viewer,
        Permission.Operate => role >= Role.OnCall,
        Permission.Edit => role >= Role.Editor,
        Permission.Admin => role >= Role.Admin,
        _ => false,
    };

    /// <summary><c>write</c> implies reading and operating; <c>admin</c> implies everything.</summary>
    public static bool Allows(ApiScopes scopes, Permission permission) => permission switch
    {
        Permission.Ingest => (scopes & (ApiScopes.Ingest | ApiScopes.Admin)) != 0,
        Permission.Read => (scopes & (ApiScopes.Read | ApiScopes.Write | ApiScopes.Admin)) != 0,
        Permission.Operate or Permission.Edit => (scopes & (ApiScopes.Write | ApiScopes.Admin)) != 0,
        Permission.Admin => (scopes & ApiScopes.Admin) != 0,
        _ => false,
    };

    public static bool TryParseScopes(IEnumerable<string>? names, out ApiScopes scopes, out string? invalid)
    {
        scopes = ApiScopes.None;
        invalid = null;
        foreach (var name in names ?? [])
        {
            switch (name?.Trim().ToLowerInvariant())
            {
                case "ingest": scopes |= ApiScopes.Ingest; break;
                case "read": scopes |= ApiScopes.Read; break;
                case "write": scopes |= ApiScopes.Write; break;
                case "admin": scopes |= ApiScopes.Admin; break;
                default:
                    invalid = name ?? "null";
                    return false;
            }
        }

        return true;
    }

    public static IReadOnlyList<string> ScopeList(ApiScopes scopes) =>
        [.. ScopeNames.Where((_, i) => (scopes & (ApiScopes)(1 << i)) != 0)];
}
