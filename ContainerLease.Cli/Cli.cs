using System.CommandLine;

namespace ContainerLease.Cli;

/// <summary>The options every command takes, and the one way a command runs: settings resolved, errors printed, an exit code returned.</summary>
public sealed class Cli
{
    public Option<string?> Url { get; } = new("--url") { Description = "The app's address (else CONTAINERLEASE_URL, else what login saved).", Recursive = true };

    public Option<string?> ApiKey { get; } = new("--api-key") { Description = "Your API key (else CONTAINERLEASE_API_KEY, else what login saved).", Recursive = true };

    public Option<bool> Json { get; } = new("--json") { Description = "Print the data as the API returns it, as JSON.", Recursive = true };

    public static Argument<string> LeaseId() => new("id") { Description = "The lease's id, as lease and ls print it." };

    /// <summary>A command whose first argument is a lease id, handed to <paramref name="body"/> as given.</summary>
    public Command OnLease(string name, string description, Func<ParseResult, ApiClient, string, CancellationToken, Task<int>> body)
    {
        var id = LeaseId();
        var command = new Command(name, description) { id };
        command.SetAction(Run((parse, api, ct) => body(parse, api, parse.GetValue(id)!, ct)));
        return command;
    }

    /// <summary>Runs <paramref name="body"/> with a client of the app; a <see cref="CliException"/> is printed as one line and becomes the exit code.</summary>
    public Func<ParseResult, CancellationToken, Task<int>> Run(Func<ParseResult, ApiClient, CancellationToken, Task<int>> body) =>
        async (parse, ct) =>
        {
            try
            {
                using var api = new ApiClient(Settings.Resolve(parse.GetValue(Url), parse.GetValue(ApiKey)));
                return await body(parse, api, ct);
            }
            catch (CliException ex)
            {
                return Fail(ex);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return 130;
            }
        };

    public static int Fail(CliException ex)
    {
        Console.Error.WriteLine("containerlease: " + ex.Message);
        return ex.ExitCode;
    }
}
