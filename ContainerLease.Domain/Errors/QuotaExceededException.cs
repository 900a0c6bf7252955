namespace ContainerLease.Domain.Errors;

/// <summary>The owner already holds as much as the policy allows; nothing was created.</summary>
/// <param name="Limit"><c>active-leases</c> or <c>memory</c>.</param>
public sealed class QuotaExceededException(string limit, string message) : DomainException(message)
{
    public const string ActiveLeases = "active-leases";
    public const string Memory = "memory";

    public string Limit { get; } = limit;
}
