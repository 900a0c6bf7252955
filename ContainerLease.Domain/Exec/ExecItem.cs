namespace ContainerLease.Domain.Exec;

/// <summary>
/// One item of a streamed command: output (<see cref="Stream"/> is <c>stdout</c> or <c>stderr</c>,
/// <see cref="Data"/> whole characters of it), or, last of all, how the command ended (<see cref="End"/>).
/// </summary>
public sealed record ExecItem(string? Stream, string? Data, ExecEnd? End)
{
    public const string StdOut = "stdout";
    public const string StdErr = "stderr";

    public static ExecItem Output(bool stderr, string data) => new(stderr ? StdErr : StdOut, data, null);
}

/// <param name="ExitCode">As in <see cref="ExecResult.ExitCode"/>.</param>
public sealed record ExecEnd(int? ExitCode, bool TimedOut, TimeSpan Duration);
