using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using ContainerLease.Mvc.Auth;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace ContainerLease.Tests.Integration.Infrastructure;

/// <summary>
/// The app as its own operating-system process, configured through environment variables as an
/// operator would, so a test can kill it with SIGKILL and start it again.
/// </summary>
public sealed partial class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StreamWriter _log;
    private bool _logClosed;

    private AppProcess(Process process, string logPath)
    {
        _process = process;
        LogPath = logPath;
        _log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        Client = new HttpClient().As(TestUsers.Alice);
    }

    /// <summary>Where this process's output is kept (several processes of one installation share it, in turn).</summary>
    public string LogPath { get; }

    public HttpClient Client { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>A SignalR connection to one of this instance's hubs, not yet started.</summary>
    public HubConnection Hub(string path) => new HubConnectionBuilder()
        .WithUrl(new Uri(Client.BaseAddress!, path), options =>
        {
            options.Transports = HttpTransportType.WebSockets;
            options.Headers[ApiKeyHandler.Header] = TestUsers.Alice.ApiKey;
        })
        .Build();

    public Task<LeaseResponse> ProvisionAsync(int seconds, string imageType = "sleeper") => Client.ProvisionAsync(imageType, seconds);

    public async Task<LeaseResponse> GetLeaseAsync(string leaseId) =>
        (await Client.GetFromJsonAsync<LeaseResponse>($"/api/leases/{leaseId}"))!;

    public static async Task<AppProcess> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = MvcProjectDirectory(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ContainerLease.Mvc.dll"));
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value ?? string.Empty;
        }

        // Port 0: the app takes a free port itself and logs it. A port picked here and bound later
        // could be taken meanwhile by another test run's app, which would then answer for this one.
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";

        var process = Process.Start(start) ?? throw new InvalidOperationException("The app did not start.");
        var app = new AppProcess(process, FileLoggerProvider.PathFor(settings.GetValueOrDefault("Leases:InstallationId") ?? "unnamed", "process"));
        process.OutputDataReceived += (_, e) => app.Append(e.Data);
        process.ErrorDataReceived += (_, e) => app.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await app.WaitUntilServingAsync();
            return app;
        }
        catch
        {
            await app.DisposeAsync(); // never leave a half-started app running behind a failed test
            throw;
        }
    }

    /// <summary>SIGTERM, as an orchestrator stops a service: the app shuts down gracefully. Returns the exit code.</summary>
    public async Task<int> TerminateAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await _process.WaitForExitAsync();
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no shutdown hooks, no jobs handed back, exactly like a crash.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        Client.Dispose();
        _process.Dispose();
        lock (_output)
        {
            _log.Dispose();
            _logClosed = true; // output events can still arrive from the dead process's pipes
        }
    }

    private async Task WaitUntilServingAsync()
    {
        for (var i = 0; i < 300; i++)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The app exited at start (its log: {LogPath}):\n{Output}");
            }

            Client.BaseAddress ??= ListeningAddress();
            try
            {
                using var response = Client.BaseAddress is null ? null : await Client.GetAsync("/api/containers");
                if (response?.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"The app did not serve within 30 s (its log: {LogPath}):\n{Output}");
    }

    /// <summary>The address from ASP.NET Core's "Now listening on:" line, once it is logged.</summary>
    private Uri? ListeningAddress()
    {
        var listening = ListeningLine().Match(Output);
        return listening.Success ? new Uri(listening.Groups[1].Value) : null;
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
                if (!_logClosed)
                {
                    _log.WriteLine(line);
                }
            }
        }
    }

    private static string MvcProjectDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "ContainerLease.Mvc");
            if (File.Exists(Path.Combine(candidate, "appsettings.json")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("ContainerLease.Mvc was not found above the test output.");
    }
}
