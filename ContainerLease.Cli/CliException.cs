namespace ContainerLease.Cli;

/// <summary>An error to print as one line and exit with: 2 for a command used wrongly, 1 for a request the app refused or could not answer.</summary>
public sealed class CliException(string message, int exitCode = CliException.Refused) : Exception(message)
{
    public const int Refused = 1;

    public const int Usage = 2;

    public int ExitCode { get; } = exitCode;
}
