namespace ContainerLease.Mvc.Api.Contracts;

/// <summary><c>POST /api/leases/{id}/exec</c>: a program and its arguments (no shell unless named), optional stdin and timeout.</summary>
public sealed class ExecBody
{
    public string?[]? Command { get; set; }

    public string? Stdin { get; set; }

    public int? TimeoutSeconds { get; set; }
}
