using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using StandardWebhooks;

namespace ContainerLease.Tests.Integration.Infrastructure;

/// <summary>One webhook as the receiver got it, its signature verified.</summary>
public sealed record ReceivedWebhook(string Id, string Type, string LeaseId, string Actor, JsonElement Data);

/// <summary>
/// A real HTTP receiver on Kestrel on a free port, that checks every request with the
/// StandardWebhooks library (an implementation other than the app's) and keeps what it verified.
/// It can be stopped and started again on the same port, and told to hold its answers.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    /// <summary>whsec_ and the base64 of 32 bytes.</summary>
    public static readonly string Secret = "whsec_" + Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)(i * 7)).ToArray());

    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private readonly ConcurrentQueue<string> _refused = new();
    private WebApplication? _app;

    private WebhookReceiver(int port) => Port = port;

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/hooks";

    /// <summary>While set, every request waits for it before it is answered.</summary>
    public TaskCompletionSource? Hold { get; set; }

    /// <summary>Requests that have arrived, verified or not, answered or not.</summary>
    public int Arrived => _arrived;

    private int _arrived;

    public IReadOnlyList<ReceivedWebhook> Received => [.. _received];

    /// <summary>Requests whose signature did not verify: a test asserts there are none.</summary>
    public IReadOnlyList<string> Refused => [.. _refused];

    public static async Task<WebhookReceiver> StartAsync()
    {
        var receiver = new WebhookReceiver(FreePort());
        await receiver.RestartAsync();
        return receiver;
    }

    public IReadOnlyList<ReceivedWebhook> Of(string leaseId) => [.. Received.Where(w => w.LeaseId == leaseId)];

    public async Task RestartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
        _app = builder.Build();
        var webhook = new StandardWebhook(Secret);
        _app.MapPost("/hooks", async context =>
        {
            Interlocked.Increment(ref _arrived);
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            try
            {
                webhook.Verify(body, context.Request.Headers);
            }
            catch (Exception ex)
            {
                _refused.Enqueue(ex.Message);
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            if (Hold is { } hold)
            {
                await hold.Task;
            }

            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            var data = root.GetProperty("data").Clone();
            _received.Enqueue(new ReceivedWebhook(
                context.Request.Headers["webhook-id"].ToString(),
                root.GetProperty("type").GetString()!,
                data.GetProperty("lease").GetProperty("leaseId").GetString()!,
                data.GetProperty("actor").GetString()!,
                data));
            context.Response.StatusCode = StatusCodes.Status204NoContent;
        });
        await _app.StartAsync();
    }

    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    public ValueTask DisposeAsync()
    {
        Hold?.TrySetResult();
        return new ValueTask(StopAsync());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
