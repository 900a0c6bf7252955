using ContainerLease.Domain.Images;
using ContainerLease.Domain.Logs;

namespace ContainerLease.Domain.Ports;

/// <summary>
/// What every container runtime must do: images, lifecycle, listing, logs and state, for the
/// containers of this one installation (the adapter knows its installation id; no call names it).
/// Failures to reach the engine are <see cref="Errors.DependencyUnavailableException"/>; a container
/// that is already gone is a result, not an error.
/// </summary>
/// <remarks>
/// What a runtime may lack (exec, stats, pause, files) is not here: each such capability is its
/// own port (<c>IContainerExec</c> and so on, with the feature that needs it), implemented by the
/// runtimes that have it and registered only for them, so a feature asks for it and says so
/// plainly when the runtime in use has none.
/// </remarks>
public interface IContainerRuntime
{
    /// <summary>Pulls the image only if the engine lacks it; a failed pull is <see cref="Errors.ImageUnavailableException"/>.</summary>
    /// <param name="progress">Told the bytes of the pull this call waits for, as they come (also when another caller started it); never told when no pull is needed.</param>
    Task EnsureImageAsync(string image, IProgress<PullProgress>? progress = null, CancellationToken ct = default);

    /// <summary>Whether the engine has the image already, so a lease of it starts without a pull.</summary>
    Task<bool> HasImageAsync(string image, CancellationToken ct = default);

    /// <summary>Creates and starts the container; if starting fails the container is removed before the error returns.</summary>
    Task<string> StartAsync(ContainerSpec spec, CancellationToken ct = default);

    /// <summary>Stops and removes the container. False when it was already gone.</summary>
    Task<bool> RemoveAsync(string containerId, CancellationToken ct = default);

    /// <summary>Every container, running or not, labelled as managed by this installation; no other container is ever listed.</summary>
    /// <param name="withSizes">Also measure what each has written (costly for the engine: only when a disk limit is set).</param>
    Task<IReadOnlyList<ManagedContainer>> ListManagedAsync(bool withSizes = false, CancellationToken ct = default);

    /// <summary>Renames the container (a running one too). False when it is gone.</summary>
    Task<bool> RenameAsync(string containerId, string name, CancellationToken ct = default);

    /// <summary>Whether the container exists and carries this installation's managed labels.</summary>
    Task<bool> IsManagedAsync(string containerId, CancellationToken ct = default);

    /// <summary>
    /// The container's output, stdout and stderr interleaved as the engine recorded them, from
    /// <paramref name="since"/> (inclusive, an engine timestamp) or else the last <paramref name="tail"/>
    /// lines; with <paramref name="follow"/> on until the container stops, else up to what the engine holds now.
    /// </summary>
    IAsyncEnumerable<LogLine> StreamLogsAsync(string containerId, string? since, int tail, bool follow, CancellationToken ct = default);

    /// <summary>The container's state, or null when it is gone.</summary>
    Task<ContainerState?> InspectAsync(string containerId, CancellationToken ct = default);

    /// <summary>
    /// What the container runs: the registry digest (<c>sha256:…</c>) of the image it was made from,
    /// or the image's id when no registry knows it; null when the container is gone.
    /// </summary>
    Task<string?> ImageDigestAsync(string containerId, CancellationToken ct = default);
}
