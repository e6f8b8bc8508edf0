using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace MonitorHub.Web.Tests.Api;

/// <summary>A real HTTP receiver on loopback that records what it is sent and answers with <see cref="Status"/>.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<(string Body, string? Signature)> Received { get; } = new();
    public int Status { get; set; } = 200;
    public string Url => _app.Urls.First() + "/hook";

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            receiver.Received.Enqueue((await reader.ReadToEndAsync(), context.Request.Headers["X-MonitorHub-Signature"].FirstOrDefault()));
            context.Response.StatusCode = receiver.Status;
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
