using System.Net;
using System.Text.RegularExpressions;

namespace MonitorHub.Web.Tests.Support;

/// <summary>Signs in through the real server-rendered login form (antiforgery token and all).</summary>
internal static partial class Session
{
    public static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string user, string password)
    {
        var page = await client.GetStringAsync("/account/login");
        var token = AntiforgeryInput().Match(page).Groups[1].Value;
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "login",
            ["Input.UserName"] = user,
            ["Input.Password"] = password,
        });
        return await client.PostAsync("/account/login", form);
    }

    /// <summary>A cookie-holding client signed in as <paramref name="user"/>. Like a script calling the
    /// API with the sign-in cookie, it sends X-Requested-With (which a cross-site form cannot).</summary>
    public static async Task<HttpClient> SignedInAsync(MonitorHubFactory factory, string user, string password, bool asScript = true)
    {
        var client = factory.CreateClientWith(null);
        var response = await PostLoginAsync(client, user, password);
        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther,
            $"sign-in as {user} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        if (asScript) client.DefaultRequestHeaders.Add("X-Requested-With", "XMLHttpRequest");
        return client;
    }

    public static async Task CreateUserAsync(HttpClient admin, string user, string password, string role)
    {
        var response = await admin.PostAsync("/api/v1/users", System.Net.Http.Json.JsonContent.Create(new { userName = user, password, role }));
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"creating {user}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryInput();
}
