using System.Diagnostics;
using System.Text;

namespace ContainerLease.Tests.Deployment;

/// <summary>What a command printed (stdout and stderr as they came) and how it ended.</summary>
public sealed record CommandResult(string Line, int ExitCode, string Output)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>The command and the end of its output, for a failure message.</summary>
    public string Describe(int lines = 60)
    {
        var tail = Output.Split('\n').TakeLast(lines);
        return $"`{Line}` exited with {ExitCode}:\n{string.Join('\n', tail)}";
    }
}

/// <summary>Runs the tools the deployment is made with (bash, docker, docker-compose) as an operator would.</summary>
public static class Command
{
    public static async Task<CommandResult> RunAsync(
        string file, IEnumerable<string> args, string workingDirectory, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var line = $"{file} {string.Join(' ', start.ArgumentList)}";
        var output = new StringBuilder();
        void Append(string? text)
        {
            if (text is not null)
            {
                lock (output)
                {
                    output.AppendLine(text);
                }
            }
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            Append($"(killed after {timeout})");
        }

        lock (output)
        {
            return new CommandResult(line, process.ExitCode, output.ToString());
        }
    }
}
