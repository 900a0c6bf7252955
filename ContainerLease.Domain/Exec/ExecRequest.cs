namespace ContainerLease.Domain.Exec;

/// <summary>A command to run in a lease's container, as the caller sent it (checked by <see cref="ExecCommand"/>).</summary>
/// <param name="Stdin">Written to the command's standard input, which is then closed; null: the command reads nothing.</param>
/// <param name="TimeoutSeconds">Null: <see cref="ExecOptions.DefaultTimeout"/>.</param>
public sealed record ExecRequest(IReadOnlyList<string?>? Command, string? Stdin = null, int? TimeoutSeconds = null);
