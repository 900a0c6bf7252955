namespace ContainerLease.Domain.Errors;

/// <summary>The runtime in use cannot do this for a lease (answered 501, saying what would make it possible).</summary>
public sealed class CapabilityUnavailableException(string capability, string message) : DomainException(message)
{
    /// <summary>What was asked: <c>exec</c>, <c>terminal</c>, <c>files</c>, <c>stats</c>, <c>pause</c>.</summary>
    public string Capability { get; } = capability;
}
