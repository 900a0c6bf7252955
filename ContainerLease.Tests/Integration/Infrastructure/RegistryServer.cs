using System.Diagnostics;
using System.Globalization;
using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace ContainerLease.Tests.Integration.Infrastructure;

/// <summary>
/// A real image registry of our own (Debian's docker-registry, the CNCF distribution 2.8) on a free
/// loopback port, which the engine trusts as a local registry; with a user and password, it takes
/// only them (htpasswd, bcrypt).
/// </summary>
public sealed class RegistryServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _folder;

    private RegistryServer(Process process, string folder, int port, string? user, string? password)
    {
        _process = process;
        _folder = folder;
        Port = port;
        User = user;
        Password = password;
    }

    public int Port { get; }

    public string? User { get; }

    public string? Password { get; }

    /// <summary>As image names write it.</summary>
    public string Host => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public static async Task<RegistryServer> StartAsync(string? user = null, string? password = null)
    {
        var folder = Directory.CreateTempSubdirectory("containerlease-registry-").FullName;
        var port = RedisServer.FreePort();
        var auth = "";
        if (user is not null)
        {
            var hash = await RunAsync("htpasswd", "-Bbn", user, password!);
            await File.WriteAllTextAsync(Path.Combine(folder, "htpasswd"), hash.Trim() + "\n");
            auth = $"auth:\n  htpasswd:\n    realm: tests\n    path: {folder}/htpasswd\n";
        }

        var config = Path.Combine(folder, "config.yml");
        await File.WriteAllTextAsync(config,
            $"version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: {folder}/data\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:{port}\n{auth}");
        var process = Process.Start(new ProcessStartInfo("docker-registry", ["serve", config]) { RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new InvalidOperationException("docker-registry did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new RegistryServer(process, folder, port, user, password);

        using var http = new HttpClient();
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                using var answer = await http.GetAsync($"http://{server.Host}/v2/");
                return answer.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(15), "the registry answers");
        return server;
    }

    /// <summary>Pushes a local image to this registry as <c>repository:tag</c>, then forgets the local copy under that name; returns the full name.</summary>
    public async Task<string> PushAsync(DockerClient docker, string localImage, string repository, string tag)
    {
        var name = $"{Host}/{repository}";
        await docker.Images.TagImageAsync(localImage, new ImageTagParameters { RepositoryName = name, Tag = tag });
        string? error = null;
        await docker.Images.PushImageAsync(name, new ImagePushParameters { Tag = tag }, new AuthConfig { ServerAddress = Host, Username = User, Password = Password },
            new Progress<JSONMessage>(m => error ??= m.ErrorMessage));
        await docker.Images.DeleteImageAsync($"{name}:{tag}", new ImageDeleteParameters());
        Assert.True(error is null, $"pushing {name}:{tag} failed: {error}");
        return $"{name}:{tag}";
    }

    /// <summary>Stops serving, as a registry that went away; disposing later still cleans up.</summary>
    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private static async Task<string> RunAsync(string program, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{program} failed: {await process.StandardError.ReadToEndAsync()}");
        return output;
    }
}
