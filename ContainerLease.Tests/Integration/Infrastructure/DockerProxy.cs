using System.Net.Sockets;

namespace ContainerLease.Tests.Integration.Infrastructure;

/// <summary>
/// A Unix socket that forwards to the real Docker engine and can be switched off: while down,
/// connections are refused and open ones are cut, as when dockerd stops, without stopping the
/// engine that every other test uses.
/// </summary>
public sealed class DockerProxy : IAsyncDisposable
{
    private const string Engine = "/var/run/docker.sock";
    private readonly List<Socket> _open = [];
    private Socket? _listener;
    private Task? _accepting;

    public string Path { get; } = $"/tmp/containerlease-proxy-{Guid.NewGuid():N}.sock";

    public string Endpoint => $"unix://{Path}";

    public void Up()
    {
        File.Delete(Path);
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(Path));
        _listener.Listen(64);
        _accepting = AcceptAsync(_listener);
    }

    public async Task DownAsync()
    {
        _listener?.Dispose();
        _listener = null;
        File.Delete(Path);
        lock (_open)
        {
            foreach (var socket in _open)
            {
                socket.Dispose();
            }

            _open.Clear();
        }

        if (_accepting is not null)
        {
            await _accepting;
        }
    }

    public async ValueTask DisposeAsync() => await DownAsync();

    private async Task AcceptAsync(Socket listener)
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync();
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                return; // switched off
            }

            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(Socket client)
    {
        var engine = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        lock (_open)
        {
            _open.Add(client);
            _open.Add(engine);
        }

        try
        {
            await engine.ConnectAsync(new UnixDomainSocketEndPoint(Engine));
            await using var up = new NetworkStream(client, ownsSocket: false);
            await using var down = new NetworkStream(engine, ownsSocket: false);
            await Task.WhenAny(up.CopyToAsync(down), down.CopyToAsync(up));
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            // The connection was cut on purpose or by a peer; either way it is over.
        }
        finally
        {
            client.Dispose();
            engine.Dispose();
        }
    }
}
