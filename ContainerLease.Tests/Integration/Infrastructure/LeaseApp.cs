using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace ContainerLease.Tests.Integration.Infrastructure;

/// <summary>
/// The real app in process, configured only through configuration, as an operator would. On the
/// in-memory test server, or with <paramref name="kestrel"/> on a real port, which a browser needs.
/// </summary>
public sealed class LeaseApp : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly string _logKind;

    /// <param name="logKind">Tells apart the log files of several apps of one installation.</param>
    public LeaseApp(IReadOnlyDictionary<string, string?> settings, bool kestrel = false, string logKind = "app")
    {
        _settings = settings;
        _logKind = logKind;
        if (kestrel)
        {
            UseKestrel(0);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(_settings));
        // Only the file: the test command's console is for test results.
        builder.ConfigureLogging(logging => logging.ClearProviders().AddProvider(new FileLoggerProvider(_settings["Leases:InstallationId"] ?? "unnamed", _logKind)));
    }

    /// <summary>Clients call as <see cref="TestUsers.Alice"/>, a plain user, unless a test says otherwise.</summary>
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.As(TestUsers.Alice);
    }
}
