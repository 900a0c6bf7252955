using ContainerLease.Domain.Catalog;
using ContainerLease.Domain.Errors;
using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Logging;
using ContainerLease.Domain.Ports;
using Microsoft.Extensions.Logging;

namespace ContainerLease.Domain.Files;

/// <summary>
/// Files in and out of a lease's container, through <see cref="LeaseAccess"/>: the owner or an
/// admin, an active lease, a managed container. The path is checked first, so bad input reaches
/// neither the store nor the engine.
/// </summary>
public sealed class LeaseFiles(LeaseAccess access, IContainerFiles files, ImageCatalog catalog, LeaseActivity activity, ILogger<LeaseFiles> logger)
{
    /// <summary>Where a read-only root file system is writable: the tmpfs every such container gets.</summary>
    public static readonly ContainerPath WritableFolder = ContainerPath.Parse("/tmp");

    /// <summary>Writes the file at <paramref name="path"/>, its missing parent folders created; returns the path written.</summary>
    public async Task<ContainerPath> WriteAsync(string leaseId, string? path, FileUpload upload, LeaseCaller caller, CancellationToken ct = default)
    {
        var target = ContainerPath.Parse(path);
        if (target.IsRoot)
        {
            throw new LeaseValidationException(ContainerPath.Field, "path must name a file, such as /tmp/data.csv, not the root folder.");
        }

        var lease = await access.OpenAsync(leaseId, caller, ct);
        await activity.NoteAsync(lease.Id, ct);
        var image = catalog.Find(lease.ImageType);
        if (image is { ReadOnlyRootFs: true } && !target.IsInside(WritableFolder))
        {
            throw new LeaseConflictException(
                $"The container of lease {leaseId} has a read-only root file system; write under {WritableFolder}, such as {WritableFolder.Append(target.Name)}.");
        }

        await files.WriteAsync(lease.ContainerId, target, upload, image?.User, ct);
        DomainLog.FileWritten(logger, lease.Id.Value, target.Value, upload.Length, caller.Name);
        return target;
    }

    /// <summary>The file at <paramref name="path"/>, or a folder as a tar archive; the caller disposes it.</summary>
    public async Task<ContainerFile> ReadAsync(string leaseId, string? path, LeaseCaller caller, CancellationToken ct = default)
    {
        var source = ContainerPath.Parse(path);
        var lease = await access.OpenAsync(leaseId, caller, ct);
        await activity.NoteAsync(lease.Id, ct);
        var file = await files.ReadAsync(lease.ContainerId, source, ct);
        DomainLog.FileRead(logger, lease.Id.Value, source.Value, file.IsFolder, caller.Name);
        return file;
    }
}
