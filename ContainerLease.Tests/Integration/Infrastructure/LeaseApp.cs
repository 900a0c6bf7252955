using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace ContainerLease.Tests.Integration.Infrastructure;

/// <summary>The real app in process, configured only through configuration, as an operator would.</summary>
public sealed class LeaseApp(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(settings));
        builder.ConfigureLogging(logging => logging.AddProvider(new FileLoggerProvider(settings["Leases:InstallationId"] ?? "unnamed")));
    }

    /// <summary>Clients call as <see cref="TestUsers.Alice"/>, a plain user, unless a test says otherwise.</summary>
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.As(TestUsers.Alice);
    }
}
