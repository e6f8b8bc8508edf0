using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace MonitorHub.Web.Tests.Support;

/// <summary>A real HTTP receiver on loopback that records what it is sent and answers with <see cref="Status"/>.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<(string Body, string? Signature)> Received { get; } = new();

    /// <summary>Timestamp and delivery-id headers of each request, in arrival order.</summary>
    public ConcurrentQueue<(string? Timestamp, string? Delivery)> Headers { get; } = new();
    public int Status { get; set; } = 200;
    public string Url => _app.Urls.First() + "/hook";

    /// <summary>Answers 307 to <see cref="Url"/>: a client that follows it would deliver there.</summary>
    public string RedirectUrl => _app.Urls.First() + "/redirect";

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration["Logging:LogLevel:Default"] = "Warning";
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            receiver.Headers.Enqueue((context.Request.Headers["X-MonitorHub-Timestamp"].FirstOrDefault(), context.Request.Headers["X-MonitorHub-Delivery"].FirstOrDefault()));
            receiver.Received.Enqueue((body, context.Request.Headers["X-MonitorHub-Signature"].FirstOrDefault()));
            context.Response.StatusCode = receiver.Status;
        });
        app.MapPost("/redirect", context =>
        {
            context.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
            context.Response.Headers.Location = "/hook";
            return Task.CompletedTask;
        });
        await app.StartAsync();
        return receiver;
    }

    /// <summary>Waits (bounded) until <paramref name="count"/> requests arrived.</summary>
    public async Task<bool> WaitForAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Received.Count < count && DateTime.UtcNow < deadline) await Task.Delay(50);
        return Received.Count >= count;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
