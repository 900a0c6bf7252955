namespace ContainerLease.Domain.Errors;

/// <summary>The lease's container has nothing at the path asked for.</summary>
public sealed class PathNotFoundException(string path) : DomainException($"There is no file or folder at {Echo.Of(path)} in the container.")
{
    public string Path { get; } = path;
}
