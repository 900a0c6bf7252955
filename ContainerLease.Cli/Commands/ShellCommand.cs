using System.CommandLine;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Win32.SafeHandles;

namespace ContainerLease.Cli.Commands;

/// <summary>
/// A shell in the lease's container in this terminal, through the terminal hub the page uses. The
/// local terminal is put in raw mode (so Ctrl-C, Ctrl-D and the arrows reach the container as
/// bytes) once the app has started the shell, and is restored on every way out; a SIGWINCH resizes
/// the remote terminal. The command exits with the shell's exit code.
/// </summary>
public static partial class ShellCommand
{
    public const string HubPath = "hubs/terminal";

    /// <summary>What the hub's notice says when the shell itself exited; its code becomes this command's.</summary>
    [GeneratedRegex(@"^The shell exited with code (-?\d+)\.$")]
    private static partial Regex ShellExited();

    public static Command Create(Cli cli) => cli.OnLease(
        "shell",
        "Open an interactive shell in the lease's container in this terminal (exit it to come back).",
        async (parse, api, id, ct) =>
        {
            if (OperatingSystem.IsWindows())
            {
                throw new CliException("shell needs a Unix terminal (Linux or macOS); on Windows, run it under WSL.", CliException.Usage);
            }

            if (Console.IsInputRedirected)
            {
                throw new CliException("shell needs a terminal on its standard input; use `containerlease exec <id> -- <command>` to run a command without one.", CliException.Usage);
            }

            try
            {
                await using var connection = await Hubs.ConnectAsync(api.Settings, HubPath, ct);
                return await RunAsync(connection, id, ct);
            }
            catch (Exception ex) when (Hubs.IsUnreachable(ex))
            {
                throw new CliException($"Could not reach {api.Settings.Url}: {ex.Message}");
            }
        });

    private sealed record TerminalItem(string Kind, string Text);

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static async Task<int> RunAsync(HubConnection connection, string leaseId, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var (columns, rows) = Size();
        await using var items = connection.StreamAsync<TerminalItem>("Open", leaseId, columns, rows, stop.Token).GetAsyncEnumerator(stop.Token);
        try
        {
            if (!await items.MoveNextAsync() || items.Current.Kind != "started")
            {
                throw new CliException(items.Current?.Text ?? "The app ended the terminal before it started.");
            }

            var session = items.Current.Text;
            using var output = new FileStream(new SafeFileHandle(1, ownsHandle: false), FileAccess.Write, bufferSize: 0);
            using var raw = RawMode.Enter();
            using var resize = PosixSignalRegistration.Create(PosixSignal.SIGWINCH, signal =>
            {
                var (c, r) = Size();
                _ = connection.InvokeAsync("Resize", session, c, r, stop.Token).ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
            });
            // Not expected in raw mode (the terminal sends Ctrl-C as a byte), but never let one end the shell here.
            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
            {
                context.Cancel = true;
                _ = connection.InvokeAsync("Input", session, "\u0003", stop.Token).ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
            });
            var typing = Task.Factory.StartNew(() => Pump(connection, session, stop), stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);

            var encoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
            while (await items.MoveNextAsync())
            {
                var item = items.Current;
                if (item.Kind == "data")
                {
                    await output.WriteAsync(encoder.GetBytes(item.Text), stop.Token);
                    continue;
                }

                if (item.Kind == "notice")
                {
                    raw.Dispose();
                    var exited = ShellExited().Match(item.Text);
                    if (exited.Success)
                    {
                        return int.Parse(exited.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                    }

                    await Console.Error.WriteLineAsync("containerlease: " + item.Text);
                    return CliException.Refused;
                }
            }

            raw.Dispose();
            if (typing.IsCompleted && !ct.IsCancellationRequested)
            {
                // The local terminal went away (end of input): the shell was closed with it.
                return 0;
            }

            throw new CliException("The terminal's connection to the app ended.");
        }
        catch (HubException ex)
        {
            throw new CliException(Hubs.Words(ex));
        }
        finally
        {
            await stop.CancelAsync();
        }
    }

    /// <summary>Sends what is typed, as it is typed, until the terminal's input ends or the shell does.</summary>
    private static async Task Pump(HubConnection connection, string session, CancellationTokenSource stop)
    {
        // Read straight from descriptor 0: Console's own stream edits lines on a terminal.
        using var input = new FileStream(new SafeFileHandle(0, ownsHandle: false), FileAccess.Read, bufferSize: 0);
        var decoder = new UTF8Encoding(false).GetDecoder();
        var bytes = new byte[4096];
        var chars = new char[bytes.Length + 1];
        try
        {
            int read;
            while ((read = input.Read(bytes, 0, bytes.Length)) > 0 && !stop.IsCancellationRequested)
            {
                var count = decoder.GetChars(bytes, 0, read, chars, 0);
                if (count > 0)
                {
                    await connection.InvokeAsync("Input", session, new string(chars, 0, count), stop.Token);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or HubException or IOException || stop.IsCancellationRequested)
        {
            // The shell ended (or is ending): what is typed now has nowhere to go.
        }

        // The end of the local input ends the remote shell with it.
        await stop.CancelAsync();
    }

    /// <summary>
    /// The local terminal's size, from <c>stty size</c> rather than <see cref="Console.WindowWidth"/>:
    /// Console's terminal set-up writes escapes of its own (keypad mode) into the terminal, where
    /// only the container's output belongs.
    /// </summary>
    private static (int Columns, int Rows) Size()
    {
        string[] words;
        try
        {
            words = Stty("size").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (Exception ex) when (ex is CliException or System.ComponentModel.Win32Exception)
        {
            words = [];
        }

        return words.Length == 2 && int.TryParse(words[0], out var rows) && int.TryParse(words[1], out var columns) && rows > 0 && columns > 0
            ? (Math.Min(columns, 1000), Math.Min(rows, 1000))
            : (80, 24);
    }

    /// <summary>Runs stty on this process's standard input, the terminal, and returns what it prints.</summary>
    private static string Stty(params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo("stty") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        args.ToList().ForEach(start.ArgumentList.Add);
        using var process = System.Diagnostics.Process.Start(start) ?? throw new CliException("Could not run stty to set up the terminal.");
        var output = process.StandardOutput.ReadToEnd();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output.Trim() : throw new CliException($"stty {string.Join(' ', args)} failed: {errors.Trim()}");
    }

    /// <summary>The local terminal without line editing, echo or signal keys, restored once: on dispose, or when the process exits.</summary>
    private sealed class RawMode : IDisposable
    {
        private readonly string _saved;
        private int _restored;

        private RawMode(string saved)
        {
            _saved = saved;
            AppDomain.CurrentDomain.ProcessExit += OnExit;
        }

        public static RawMode Enter()
        {
            var saved = Stty("-g");
            var mode = new RawMode(saved);
            Stty("raw", "-echo");
            return mode;
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _restored, 1) == 0)
            {
                AppDomain.CurrentDomain.ProcessExit -= OnExit;
                Stty(_saved);
            }
        }

        private void OnExit(object? sender, EventArgs e) => Dispose();
    }
}
