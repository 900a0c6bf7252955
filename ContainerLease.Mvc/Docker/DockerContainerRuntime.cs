using System.Net;
using System.Globalization;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text.Json;
using ContainerLease.Domain.Catalog;
using ContainerLease.Domain.Errors;
using ContainerLease.Domain.Images;
using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Logs;
using ContainerLease.Domain.Policy;
using ContainerLease.Domain.Ports;
using ContainerLease.Mvc.Logging;
using Docker.DotNet;
using Docker.DotNet.Models;
using ContainerSpec = ContainerLease.Domain.Ports.ContainerSpec;
using ContainerState = ContainerLease.Domain.Ports.ContainerState;
using Microsoft.Extensions.Options;

namespace ContainerLease.Mvc.Docker;

/// <summary>The Docker engine behind <see cref="IContainerRuntime"/>.</summary>
internal sealed class DockerContainerRuntime(
    IDockerClient docker,
    DockerCalls calls,
    DockerImages images,
    IOptions<DockerOptions> options,
    LeaseOptions leases,
    LogOptions logOptions,
    ILogger<DockerContainerRuntime> logger)
    : IContainerRuntime, IDisposable
{
    // Two gates, not one: a removal that is due must never queue behind a burst of slow creations.
    private readonly SemaphoreSlim _creations = new(options.Value.MaxParallelOperations);
    private readonly SemaphoreSlim _removals = new(options.Value.MaxParallelOperations);
    private readonly RemovalsFirst _removalsFirst = new();

    public void Dispose()
    {
        _creations.Dispose();
        _removals.Dispose();
    }

    public Task EnsureImageAsync(string image, IProgress<PullProgress>? progress = null, CancellationToken ct = default) => images.EnsureAsync(image, progress, ct);

    public Task<bool> HasImageAsync(string image, CancellationToken ct = default) => images.HasAsync(image, ct);

    public async Task<string> StartAsync(ContainerSpec spec, CancellationToken ct = default)
    {
        // Create and start under one slot, so a queue of provisions never leaves created
        // containers waiting to start (the sweep would take them for orphans).
        await _creations.WaitAsync(ct);
        try
        {
            if (spec.Image.Network == LeaseNetwork.Bridge)
            {
                await calls.RunAsync(() => LeaseNetwork.EnsureAsync(docker, LeaseNetwork.InstallationOf(spec.Labels), spec.Image.Egress, ct), ct);
            }

            await _removalsFirst.WhenNoRemovalAsync(ct);
            var id = (await calls.RunAsync(() => docker.Containers.CreateContainerAsync(ContainerParameters.For(spec, options.Value), ct), ct)).ID;
            await _removalsFirst.WhenNoRemovalAsync(ct);
            await calls.RunAsync(() => docker.Containers.StartContainerAsync(id, new ContainerStartParameters(), ct), ct);
            return id;
        }
        catch (Exception ex)
        {
            // Whether the create or the start failed, or the engine's answer was lost (a timeout, a
            // cancelled request), the engine may hold the container: remove it by its name.
            AppLog.StartFailed(logger, ex, spec.Name);
            await UndoCreateAsync(spec.Name);
            throw;
        }
        finally
        {
            _creations.Release();
        }
    }

    private async Task UndoCreateAsync(string name)
    {
        using var undo = new CancellationTokenSource(options.Value.RequestTimeout);
        try
        {
            await ForceRemoveAsync(name, undo.Token);
        }
        catch (Exception ex) when (ex is DependencyUnavailableException or DockerApiException or OperationCanceledException)
        {
            // The error that stopped the provision is the one to report; the sweep reaps it by its labels.
            AppLog.UndoCreateFailed(logger, ex, name);
        }
    }

    public async Task<bool> RemoveAsync(string containerId, CancellationToken ct = default)
    {
        using var first = _removalsFirst.BeginRemoval();
        await _removals.WaitAsync(ct);
        try
        {
            return await ForceRemoveAsync(containerId, ct);
        }
        finally
        {
            _removals.Release();
        }
    }

    public async Task<bool> RenameAsync(string containerId, string name, CancellationToken ct = default)
    {
        try
        {
            await calls.RunAsync(() => docker.Containers.RenameContainerAsync(containerId, new ContainerRenameParameters { NewName = name }, ct), ct);
            return true;
        }
        catch (DockerContainerNotFoundException)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<ManagedContainer>> ListManagedAsync(bool withSizes = false, CancellationToken ct = default)
    {
        var listed = await calls.RunAsync(() => docker.Containers.ListContainersAsync(
            new ContainersListParameters
            {
                All = true,
                Size = withSizes,
                Filters = new Dictionary<string, IDictionary<string, bool>>
                {
                    // The engine applies both: managed by us, and by this installation only.
                    ["label"] = new Dictionary<string, bool>
                    {
                        [$"{LeaseLabels.Managed}=true"] = true,
                        [$"{LeaseLabels.Installation}={leases.InstallationId}"] = true,
                    },
                },
            },
            ct),
            ct);
        return [.. listed.Select(c => new ManagedContainer(c.ID, new Dictionary<string, string>(c.Labels), new DateTimeOffset(DateTime.SpecifyKind(c.Created, DateTimeKind.Utc)), withSizes ? c.SizeRw : null, c.Names?.FirstOrDefault()?.TrimStart('/')))];
    }

    public async Task<bool> IsManagedAsync(string containerId, CancellationToken ct = default)
    {
        try
        {
            var labels = (await calls.RunAsync(() => docker.Containers.InspectContainerAsync(containerId, ct), ct)).Config.Labels;
            return labels is not null
                && labels.TryGetValue(LeaseLabels.Managed, out var managed) && managed == "true"
                && labels.TryGetValue(LeaseLabels.Installation, out var installation) && installation == leases.InstallationId;
        }
        catch (DockerContainerNotFoundException)
        {
            return false;
        }
    }

    public async IAsyncEnumerable<LogLine> StreamLogsAsync(string containerId, string? since, int tail, bool follow, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var parameters = new ContainerLogsParameters
        {
            ShowStdout = true,
            ShowStderr = true,
            Timestamps = true,
            Follow = follow,
            Since = since is null ? null : DockerLogLines.SinceParameter(since),
            Tail = since is null ? tail.ToString(CultureInfo.InvariantCulture) : "all",
        };
#pragma warning disable CS0618 // The raw stream on purpose: its frame headers mark where each log entry ends (DockerLogFrameReader).
        using var stream = await calls.RunAsync(() => docker.Containers.GetContainerLogsAsync(containerId, parameters, ct), ct);
#pragma warning restore CS0618
        await foreach (var line in DockerLogStream.ReadAsync(stream, calls, logOptions.MaxLineBytes, since, ct))
        {
            yield return line;
        }
    }

    public async Task<ContainerState?> InspectAsync(string containerId, CancellationToken ct = default)
    {
        try
        {
            var inspected = await calls.RunAsync(() => docker.Containers.InspectContainerAsync(containerId, ct), ct);
            return new ContainerState(inspected.State.Status, inspected.State.Running, inspected.State.Health?.Status);
        }
        catch (DockerContainerNotFoundException)
        {
            return null;
        }
    }

    public async Task<string?> ImageDigestAsync(string containerId, CancellationToken ct = default)
    {
        try
        {
            var inspected = await calls.RunAsync(() => docker.Containers.InspectContainerAsync(containerId, ct), ct);
            return await images.RanAsync(inspected.Config.Image, inspected.Image, ct);
        }
        catch (DockerContainerNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Kills and removes in one call: a leased container has no graceful shutdown to honour.</summary>
    private async Task<bool> ForceRemoveAsync(string containerId, CancellationToken ct)
    {
        try
        {
            await calls.RunAsync(() => docker.Containers.RemoveContainerAsync(containerId, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, ct), ct);
            return true;
        }
        catch (DockerContainerNotFoundException)
        {
            return false;
        }
        catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.Conflict)
        {
            // "Removal already in progress": another caller is removing it; wait for that to finish.
            return await WaitUntilGoneAsync(containerId, ct);
        }
    }

    private async Task<bool> WaitUntilGoneAsync(string containerId, CancellationToken ct)
    {
        for (var i = 0; i < 50; i++)
        {
            if (await InspectAsync(containerId, ct) is null)
            {
                return true;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
        }

        throw new DependencyUnavailableException(DependencyUnavailableException.Docker, $"Container {containerId} is still being removed by the engine.");
    }
}
