using System.CommandLine;

namespace ContainerLease.Cli.Commands;

public static class ExecCommand
{
    /// <summary>When the app could not stop a command past its timeout, there is no exit code to give.</summary>
    public const int NoExitCode = 1;

    public static Command Create(Cli cli)
    {
        var id = Cli.LeaseId();
        var program = new Argument<string[]>("command") { Description = "The program and its arguments, after --; no shell unless you name one.", Arity = ArgumentArity.OneOrMore };
        var timeout = new Option<string?>("--timeout") { Description = "Kill it (and all it started) after this long: 30s, 5m. The app's default is 30s." };
        var interactive = new Option<bool>("--interactive", "-i") { Description = "Send this command's standard input to the program." };
        var command = new Command("exec", "Run a command in the lease's container: its output on yours, its exit code as this command's.") { id, program, timeout, interactive };
        command.SetAction(cli.Run(async (parse, api, ct) =>
        {
            var seconds = parse.GetValue(timeout) is { } t ? Durations.ToSeconds(t) : (int?)null;
            var stdin = parse.GetValue(interactive) ? await Console.In.ReadToEndAsync(ct) : null;
            var result = await api.PostAsync(LeaseActions.Path(parse.GetValue(id)!, "exec"), new { command = parse.GetValue(program), stdin, timeoutSeconds = seconds }, ct);
            if (parse.GetValue(cli.Json))
            {
                Console.WriteLine(Json.Pretty(result));
            }
            else
            {
                await Console.Out.WriteAsync(result.Text("stdout"));
                await Console.Error.WriteAsync(result.Text("stderr"));
                if (result.GetProperty("truncated").GetBoolean())
                {
                    await Console.Error.WriteLineAsync("containerlease: the output was cut at the app's limit (Exec:MaxOutputBytes).");
                }

                if (result.GetProperty("timedOut").GetBoolean())
                {
                    await Console.Error.WriteLineAsync("containerlease: the command ran past its timeout and was killed.");
                }
            }

            return result.Number("exitCode") is { } code ? (int)code : NoExitCode;
        }));
        return command;
    }
}
