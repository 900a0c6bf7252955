using ContainerLease.Domain.Files;

namespace ContainerLease.Domain.Ports;

/// <summary>
/// Files in and out of a container, for a runtime that can copy them without a tool in the image
/// (the Docker engine's archive API). Only <see cref="LeaseFiles"/> calls it, after the lease's
/// access check. A missing path is <see cref="Errors.PathNotFoundException"/>; a place that
/// cannot take the file (a folder in the way, a read-only file system) is
/// <see cref="Errors.LeaseConflictException"/>; an engine that does not answer is
/// <see cref="Errors.DependencyUnavailableException"/>.
/// </summary>
public interface IContainerFiles
{
    /// <summary>Writes <paramref name="upload"/> as the file at <paramref name="path"/>, creating missing parent folders, all owned by <paramref name="owner"/>.</summary>
    /// <param name="owner">The catalog entry's <c>User</c>; null or empty for root.</param>
    Task WriteAsync(string containerId, ContainerPath path, FileUpload upload, string? owner, CancellationToken ct = default);

    /// <summary>The file at <paramref name="path"/> as its bytes, or a folder as a tar archive of it; the caller disposes it.</summary>
    Task<ContainerFile> ReadAsync(string containerId, ContainerPath path, CancellationToken ct = default);
}
