using System.Net;
using System.Net.Sockets;

namespace ContainerLease.Tests.Integration.Infrastructure;

/// <summary>
/// A TCP forwarder on loopback that passes what the target sends back at a limited rate: a
/// registry behind it serves a pull slowly enough for its progress to be watched.
/// </summary>
public sealed class SlowTcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    private SlowTcpProxy(int targetPort, int bytesPerSecond)
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _accepting = AcceptAsync(targetPort, bytesPerSecond);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public static SlowTcpProxy Start(int targetPort, int bytesPerSecond) => new(targetPort, bytesPerSecond);

    private async Task AcceptAsync(int targetPort, int bytesPerSecond)
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            _ = ForwardAsync(client, targetPort, bytesPerSecond);
        }
    }

    private async Task ForwardAsync(TcpClient client, int targetPort, int bytesPerSecond)
    {
        using (client)
        using (var target = new TcpClient())
        {
            try
            {
                await target.ConnectAsync(IPAddress.Loopback, targetPort, _stop.Token);
                var up = client.GetStream().CopyToAsync(target.GetStream(), _stop.Token);
                var down = CopySlowlyAsync(target.GetStream(), client.GetStream(), bytesPerSecond, _stop.Token);
                await Task.WhenAny(up, down);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
            {
                // Either side hung up, or the proxy stops: the connection ends, as a real one would.
            }
        }
    }

    /// <summary>Chunks of a tenth of the rate, each followed by a tenth of a second.</summary>
    private static async Task CopySlowlyAsync(Stream from, Stream to, int bytesPerSecond, CancellationToken ct)
    {
        var buffer = new byte[Math.Max(1024, bytesPerSecond / 10)];
        int read;
        while ((read = await from.ReadAsync(buffer, ct)) > 0)
        {
            await to.WriteAsync(buffer.AsMemory(0, read), ct);
            await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
