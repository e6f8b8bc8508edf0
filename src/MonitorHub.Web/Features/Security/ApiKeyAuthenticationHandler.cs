using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using MonitorHub.Infrastructure.Security;
using MonitorHub.Web.Hosting;

namespace MonitorHub.Web.Features.Security;

/// <summary>Authenticates <c>X-Api-Key</c> or <c>Authorization: Bearer</c>; answers 401/403 as problem details.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyStore keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";

    public static bool HasCredentials(HttpRequest request) =>
        request.Headers.ContainsKey(Header)
        || request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    public static string? Presented(HttpRequest request)
    {
        var header = request.Headers[Header].ToString();
        if (!string.IsNullOrEmpty(header)) return header.Trim();
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : null;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!HasCredentials(Request)) return AuthenticateResult.NoResult();
        var principal = await keys.ValidateAsync(Presented(Request), Context.RequestAborted);
        if (principal is null) return AuthenticateResult.Fail("Unknown or revoked API key.");

        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, principal.Name),
            new(Policies.KeyIdClaim, principal.KeyId),
            new(Policies.ScopesClaim, principal.Scopes.ToString()),
        };
        if (principal.SystemId is { } system) claims.Add(new(Policies.SystemClaim, system.ToString(CultureInfo.InvariantCulture)));
        var identity = new ClaimsIdentity(claims, SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        Problems.Unauthorized().ExecuteAsync(Context);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Problems.Forbidden().ExecuteAsync(Context);
}
