using ContainerLease.Domain.Exec;

namespace ContainerLease.Mvc.Api.Contracts;

/// <summary>How a command ended and what it printed; <c>exitCode</c> is null only when a command past its timeout could not be stopped.</summary>
public sealed record ExecResponse(int? ExitCode, string Stdout, string Stderr, bool TimedOut, bool Truncated, long DurationMs)
{
    public static ExecResponse From(ExecResult result) =>
        new(result.ExitCode, result.Stdout, result.Stderr, result.TimedOut, result.Truncated, (long)result.Duration.TotalMilliseconds);
}
