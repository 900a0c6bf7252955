namespace ContainerLease.Domain.Errors;

/// <summary>
/// The base of the domain's expected errors: the request could not be done and nothing was
/// changed. The message is written for the user who asked, and never carries a dependency's
/// internals (commands, keys, endpoints, library versions): those stay in the inner exception,
/// which only the log sees. Anything else thrown is a bug, answered with 500.
/// </summary>
public abstract class DomainException(string message, Exception? inner = null) : Exception(message, inner);
