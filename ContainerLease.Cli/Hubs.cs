using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace ContainerLease.Cli;

/// <summary>A connection to one of the app's hubs with the caller's key, over WebSockets.</summary>
public static class Hubs
{
    /// <summary>Started, or a connection error (<see cref="IsUnreachable"/>) for the caller to retry or report.</summary>
    public static async Task<HubConnection> ConnectAsync(Settings settings, string path, CancellationToken ct)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(settings.Url, path.TrimStart('/')), options =>
            {
                options.Headers[ApiClient.KeyHeader] = settings.ApiKey;
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
            })
            .Build();
        try
        {
            await connection.StartAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public static bool IsUnreachable(Exception ex) => ex is HttpRequestException or System.Net.WebSockets.WebSocketException;

    /// <summary>A hub's error without SignalR's preamble: the words the app wrote.</summary>
    public static string Words(Microsoft.AspNetCore.SignalR.HubException ex)
    {
        const string Marker = "HubException: ";
        var at = ex.Message.IndexOf(Marker, StringComparison.Ordinal);
        return at < 0 ? ex.Message : ex.Message[(at + Marker.Length)..];
    }
}
