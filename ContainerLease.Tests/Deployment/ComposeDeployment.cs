using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using ContainerLease.Tests.Integration.Infrastructure;
using Docker.DotNet;
using Xunit.Abstractions;

namespace ContainerLease.Tests.Deployment;

/// <summary>
/// The repository's docker-compose.yml brought up as an operator would, as its own compose
/// project with its own .env, app image and installation id; DisposeAsync takes it all down.
/// </summary>
public sealed class ComposeDeployment : IAsyncDisposable
{
    private static readonly TimeSpan ComposeTimeout = TimeSpan.FromMinutes(3);

    private readonly string _directory = Directory.CreateTempSubdirectory("containerlease-stack-").FullName;
    private readonly ITestOutputHelper _output;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Dictionary<string, string> _variables;
    private string? _buildStage;

    private ComposeDeployment(ITestOutputHelper output)
    {
        _output = output;
        InstallationId = TestSettings.NewInstallationId();
        var port = FreePort();
        var apiKey = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        _variables = StackSettings.For(InstallationId, port, apiKey, DockerSocketGroup(), EnvFile);
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        Client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
    }

    public string InstallationId { get; }

    /// <summary>The app as published by compose; every request carries the admin's API key.</summary>
    public HttpClient Client { get; }

    public DockerClient Docker { get; } = new DockerClientConfiguration().CreateClient();

    private string Project => $"containerlease-{InstallationId}";

    private string AppImage => _variables["APP_IMAGE"];

    private string EnvFile => Path.Combine(_directory, "stack.env");

    public static async Task<ComposeDeployment> StartAsync(ITestOutputHelper output)
    {
        var stack = new ComposeDeployment(output);
        try
        {
            await stack.UpAsync();
            return stack;
        }
        catch
        {
            await stack.DisposeAsync(); // a stack that half started is taken down too
            throw;
        }
    }

    /// <summary>Runs a step; if it fails, the failure carries the stack's logs.</summary>
    public async Task WithLogsOnFailureAsync(Func<Task> step)
    {
        try
        {
            await step();
        }
        catch (Exception e)
        {
            throw new Xunit.Sdk.XunitException($"{e.Message}\n\n--- docker-compose logs ---\n{await LogsAsync()}", e);
        }
    }

    public async Task<CommandResult> ComposeAsync(params string[] args) =>
        await Command.RunAsync("docker-compose",
            ["-p", Project, "-f", Repository.File("docker-compose.yml"), "--env-file", EnvFile, .. args],
            Repository.Root, ComposeTimeout, _variables);

    public async Task<string> LogsAsync() => (await ComposeAsync("logs", "--no-color", "--tail", "150")).Output;

    public async ValueTask DisposeAsync()
    {
        // Each step runs whatever the one before did, so nothing of this run stays behind.
        if (File.Exists(EnvFile)) // else it never came up
        {
            var down = await ComposeAsync("down", "-v", "--remove-orphans", "--timeout", "5");
            Log(down.Succeeded ? "stack down" : $"down failed: {down.Describe()}");
        }

        await Command.RunAsync("docker", ["image", "rm", AppImage], Repository.Root, TimeSpan.FromMinutes(1));
        if (_buildStage is not null)
        {
            await Command.RunAsync("docker", ["image", "rm", "--no-prune", _buildStage], Repository.Root, TimeSpan.FromMinutes(1));
        }

        await Cleanup.RemoveContainersAsync(Docker, InstallationId);
        Docker.Dispose();
        Client.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    public void Log(string message) =>
        _output.WriteLine($"[{_clock.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s] {message}");

    private async Task UpAsync()
    {
        foreach (var tool in new[] { "docker-compose", "debootstrap" })
        {
            var found = await Command.RunAsync("bash", ["-c", $"command -v {tool}"], Repository.Root, TimeSpan.FromSeconds(10));
            Assert.True(found.Succeeded, $"{tool} is missing: run scripts/setup.sh --compose (scripts/test.sh does).");
        }

        var bases = await LocalImages.BasesAsync(Repository.Root);
        foreach (var (key, image) in bases)
        {
            _variables[key] = image;
        }

        Log($"base images ready: {string.Join(", ", bases.Values)}");
        _buildStage = await LocalImages.BuildAppAsync(Repository.Root, bases, AppImage);
        Log($"app image {AppImage} built");

        await File.WriteAllLinesAsync(EnvFile, _variables.Select(v => $"{v.Key}={v.Value}"));
        var up = await ComposeAsync("up", "-d");
        Assert.True(up.Succeeded, $"docker-compose up failed.\n{up.Describe()}\n\n--- logs ---\n{await LogsAsync()}");
        await WithLogsOnFailureAsync(() => Eventually.TrueAsync(IsReadyAsync, TimeSpan.FromMinutes(2), "the app answers 200 on /healthz/ready"));
        Log("stack up and ready");
    }

    private async Task<bool> IsReadyAsync()
    {
        try
        {
            using var response = await Client.GetAsync("/healthz/ready");
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false; // not published or not listening yet
        }
    }

    /// <summary>The group of the Docker socket, which the app's non-root user is given (group_add).</summary>
    private static string DockerSocketGroup()
    {
        using var stat = Process.Start(new ProcessStartInfo("stat", ["-c", "%g", "/var/run/docker.sock"]) { RedirectStandardOutput = true })
            ?? throw new InvalidOperationException("stat did not start.");
        var gid = stat.StandardOutput.ReadToEnd().Trim();
        stat.WaitForExit();
        return gid;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
