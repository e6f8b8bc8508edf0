using System.Net.Http.Json;

namespace MonitorHub.Web.Tests.Support;

internal static class PredictionClient
{
    public static Task<HttpResponseMessage> PostPredictionsAsync(this HttpClient client, params object[] predictions) =>
        client.PostAsJsonAsync("/api/v1/predictions", new { predictions });
}
