using System.Net.WebSockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace ContainerLease.Tests.Integration.Infrastructure;

/// <summary>The real app in process, configured only through configuration, as an operator would.</summary>
public sealed class LeaseApp(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
{
    /// <summary>A SignalR connection to one of the app's hubs over the test server's WebSockets, not yet started.</summary>
    public HubConnection Hub(string path) => new HubConnectionBuilder()
        .WithUrl(new Uri(Server.BaseAddress, path), options =>
        {
            options.Transports = HttpTransportType.WebSockets;
            options.SkipNegotiation = true;
            options.WebSocketFactory = (context, ct) => new ValueTask<WebSocket>(Server.CreateWebSocketClient().ConnectAsync(context.Uri, ct));
        })
        .Build();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(settings));
        builder.ConfigureLogging(logging => logging.AddProvider(new FileLoggerProvider(settings["Leases:InstallationId"] ?? "unnamed")));
    }
}
