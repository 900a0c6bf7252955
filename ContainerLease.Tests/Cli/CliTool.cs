using System.Diagnostics;
using ContainerLease.Tests.Deployment;

namespace ContainerLease.Tests.Cli;

/// <summary>The containerlease tool as a user gets it: packed from the repository, installed into a tool path of its own.</summary>
public sealed class CliTool : IDisposable
{
    private CliTool(string root) => Root = root;

    public string Root { get; }

    public string Executable => Path.Combine(Root, "tools", "containerlease");

    /// <summary>Where the tool keeps what login saves (XDG_CONFIG_HOME), so no test writes into the real home.</summary>
    public string ConfigHome => Path.Combine(Root, "config");

    public static async Task<CliTool> InstallAsync()
    {
        var tool = new CliTool(Path.Combine(Path.GetTempPath(), "containerlease-cli-" + Guid.NewGuid().ToString("N")[..8]));
        var pack = Path.Combine(tool.Root, "pack");
        await RunAsync("dotnet", ["pack", Repository.File("ContainerLease.Cli/ContainerLease.Cli.csproj"), "-c", "Release", "-o", pack, "--nologo"]);
        await RunAsync("dotnet", ["tool", "install", "--tool-path", Path.Combine(tool.Root, "tools"), "--add-source", pack, "--ignore-failed-sources", "containerlease"]);
        return tool;
    }

    /// <summary>A process of the tool with the app's address and a key in its environment (unless <paramref name="url"/> is null); not started.</summary>
    public Process Start(IEnumerable<string> args, Uri? url, string? apiKey, bool redirectInput = false)
    {
        var start = new ProcessStartInfo(Executable);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = Launch(start, url, apiKey);
        if (!redirectInput)
        {
            process.StandardInput.Close();
        }

        return process;
    }

    /// <summary>
    /// The tool in a pseudo-terminal of its own, as in a user's terminal: util-linux <c>script</c>
    /// runs it, passes what is written to its standard input as typing, prints the terminal's
    /// screen (the tool's stdout and stderr together) on its standard output, and exits with the tool's code.
    /// </summary>
    /// <param name="aroundModes">Make the terminal 91 by 27, print its device and settings (<c>stty -g</c>) before the tool and its settings after.</param>
    public Process StartInTerminal(IEnumerable<string> args, Uri url, string apiKey, bool aroundModes = false)
    {
        var command = string.Join(' ', new[] { Executable }.Concat(args).Select(a => "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
        if (aroundModes)
        {
            command = $"stty rows 27 cols 91; echo \"tty=$(tty) before=$(stty -g)\"; {command}; code=$?; echo \"after=$(stty -g)\"; exit $code";
        }

        var start = new ProcessStartInfo("script");
        foreach (var arg in new[] { "-q", "-f", "-e", "-c", command, "/dev/null" })
        {
            start.ArgumentList.Add(arg);
        }

        return Launch(start, url, apiKey);
    }

    private Process Launch(ProcessStartInfo start, Uri? url, string? apiKey)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = true;
        start.UseShellExecute = false;
        start.Environment["XDG_CONFIG_HOME"] = ConfigHome;
        start.Environment["DOTNET_ROOT"] = DotnetRoot();
        start.Environment.Remove("CONTAINERLEASE_URL");
        start.Environment.Remove("CONTAINERLEASE_API_KEY");
        if (url is not null)
        {
            start.Environment["CONTAINERLEASE_URL"] = url.ToString();
        }

        if (apiKey is not null)
        {
            start.Environment["CONTAINERLEASE_API_KEY"] = apiKey;
        }

        return Process.Start(start)!;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still open; the temporary folder is cleaned some other day.
        }
    }

    private static string DotnetRoot() =>
        Environment.GetEnvironmentVariable("DOTNET_ROOT")
        ?? Path.GetDirectoryName(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? Environment.ProcessPath!)!;

    private static async Task RunAsync(string program, string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        args.ToList().ForEach(start.ArgumentList.Add);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)} failed:\n{await output}\n{await errors}");
    }
}
