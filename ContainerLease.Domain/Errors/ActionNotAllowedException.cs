namespace ContainerLease.Domain.Errors;

/// <summary>The lease exists and the caller may see it, but its catalog entry does not offer what was asked (exec on an entry with <c>Exec=false</c>).</summary>
public sealed class ActionNotAllowedException(string message) : DomainException(message);
