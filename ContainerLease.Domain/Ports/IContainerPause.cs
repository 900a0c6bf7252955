namespace ContainerLease.Domain.Ports;

/// <summary>Freezing a container's processes and thawing them again (the engine's cgroup freezer).</summary>
public interface IContainerPause
{
    /// <summary>Pauses the container; one already paused is a success. False when the container is gone.</summary>
    Task<bool> PauseAsync(string containerId, CancellationToken ct = default);

    /// <summary>Resumes the container; one not paused is a success. False when the container is gone.</summary>
    Task<bool> ResumeAsync(string containerId, CancellationToken ct = default);
}
