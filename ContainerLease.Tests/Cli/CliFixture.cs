using ContainerLease.Tests.Integration.Infrastructure;
using Docker.DotNet;

namespace ContainerLease.Tests.Cli;

/// <summary>
/// The tool packed and installed once, and one app on Kestrel (a real port, as the tool needs) on a
/// Redis of its own and the real engine, reached directly or through a relay that can cut connections.
/// </summary>
public sealed class CliFixture : IAsyncLifetime
{
    public string InstallationId { get; } = TestSettings.NewInstallationId();

    public CliTool Tool { get; private set; } = null!;

    public LeaseApp App { get; private set; } = null!;

    public HttpClient Api { get; private set; } = null!;

    public TcpRelay Relay { get; private set; } = null!;

    public Uri Url => Api.BaseAddress!;

    private RedisServer _redis = null!;

    public async Task InitializeAsync()
    {
        var installing = CliTool.InstallAsync();
        _redis = await RedisServer.StartAsync();
        var settings = TestSettings.For(InstallationId, _redis.ConnectionString);
        // A line every 50 ms, numbered, for as long as it runs: a follower can tell a lost line from a repeated one.
        settings["Catalog:Images:ticker:Image"] = TestSettings.Image;
        settings["Catalog:Images:ticker:Command:0"] = "sh";
        settings["Catalog:Images:ticker:Command:1"] = "-c";
        settings["Catalog:Images:ticker:Command:2"] = "i=0; while true; do i=$((i+1)); echo \"tick $i\"; usleep 50000; done";
        // "out N" on stdout and "err N" on stderr every 50 ms: a log that is never quiet.
        settings["Catalog:Images:chatter:Image"] = TestSettings.Image;
        settings["Catalog:Images:chatter:Command:0"] = "sh";
        settings["Catalog:Images:chatter:Command:1"] = "-c";
        settings["Catalog:Images:chatter:Command:2"] = "i=0; while true; do i=$((i+1)); echo \"out $i\"; echo \"err $i\" >&2; usleep 50000; done";
        App = new LeaseApp(settings, kestrel: true);
        Api = App.CreateClient();
        Relay = new TcpRelay(Url.Port);
        Tool = await installing;
    }

    public async Task DisposeAsync()
    {
        await Relay.DisposeAsync();
        Api.Dispose();
        await App.DisposeAsync();
        using (var docker = new DockerClientConfiguration().CreateClient())
        {
            await Cleanup.RemoveContainersAsync(docker, InstallationId);
        }

        await _redis.DisposeAsync();
        Tool.Dispose();
    }

    /// <summary>Runs the tool to its end as <paramref name="user"/> (Alice unless given) against the app.</summary>
    public async Task<CliRun> RunAsync(params string[] args) => await RunAsAsync(TestUsers.Alice, args);

    public async Task<CliRun> RunAsAsync(TestUser? user, params string[] args)
    {
        using var process = Tool.Start(args, user is null ? null : Url, user?.ApiKey);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new CliRun(process.ExitCode, await stdout, await stderr);
    }
}

public sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}
