namespace ContainerLease.Domain.Exec;

/// <summary>How a command ended, with what it printed (each stream cut at <see cref="ExecOptions.MaxOutputBytes"/>).</summary>
/// <param name="ExitCode">The engine's exit code: 137 for a command killed at its timeout; null when it could not be stopped.</param>
/// <param name="Truncated">Stdout or stderr was longer than kept.</param>
public sealed record ExecResult(int? ExitCode, string Stdout, string Stderr, bool TimedOut, bool Truncated, TimeSpan Duration);
