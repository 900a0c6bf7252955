namespace ContainerLease.Domain.Errors;

/// <summary>A dependency (the Docker engine, the lease store, the job scheduler) did not answer or failed.</summary>
public sealed class DependencyUnavailableException(string dependency, string message, Exception? inner = null)
    : DomainException(message, inner)
{
    public const string Docker = "docker";
    public const string Store = "store";

    public string Dependency { get; } = dependency;
}
