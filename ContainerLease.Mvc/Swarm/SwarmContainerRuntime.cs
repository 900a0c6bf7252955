using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using ContainerLease.Domain.Errors;
using ContainerLease.Domain.Images;
using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Logs;
using ContainerLease.Domain.Policy;
using ContainerLease.Domain.Ports;
using ContainerLease.Mvc.Docker;
using ContainerLease.Mvc.Logging;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Options;
using ContainerSpec = ContainerLease.Domain.Ports.ContainerSpec;
using ContainerState = ContainerLease.Domain.Ports.ContainerState;

namespace ContainerLease.Mvc.Swarm;

/// <summary>
/// A Swarm cluster behind <see cref="IContainerRuntime"/>, through its manager at <c>Docker:Endpoint</c>:
/// each lease one service (<see cref="ServiceParameters"/>), whose id is the lease's container id.
/// What a container's name carries on one engine (the expiry and owner, which change) the
/// service's labels carry here: a service's labels can be updated, so "renaming" updates them.
/// </summary>
internal sealed class SwarmContainerRuntime(
    IDockerClient docker,
    DockerCalls calls,
    SwarmPlacement placement,
    IOptions<DockerOptions> options,
    IOptions<RegistriesOptions> registries,
    LeaseOptions leases,
    LogOptions logOptions,
    ILogger<SwarmContainerRuntime> logger)
    : IContainerRuntime, IDisposable
{
    private readonly SemaphoreSlim _creations = new(options.Value.MaxParallelOperations);

    public void Dispose() => _creations.Dispose();

    /// <summary>
    /// Nothing to do on the manager: each node pulls the image when its task starts, and a node
    /// that cannot fails the task, which <see cref="SwarmPlacement"/> reports as the image's error.
    /// </summary>
    public Task EnsureImageAsync(string image, IProgress<PullProgress>? progress = null, CancellationToken ct = default) => Task.CompletedTask;

    /// <summary>Always: the app makes no pull to wait for in swarm mode (see <see cref="EnsureImageAsync"/>).</summary>
    public Task<bool> HasImageAsync(string image, CancellationToken ct = default) => Task.FromResult(true);

    /// <summary>
    /// The digest the manager pinned the service's image to (<c>image@sha256:…</c>) when a registry
    /// knew it; else the image reference as the catalog names it, since no single engine's image id
    /// stands for the nodes'. Null when the service is gone.
    /// </summary>
    public async Task<string?> ImageDigestAsync(string containerId, CancellationToken ct = default)
    {
        var image = (await InspectServiceAsync(containerId, ct))?.Spec.TaskTemplate?.ContainerSpec?.Image;
        var at = image?.IndexOf('@', StringComparison.Ordinal) ?? -1;
        return at >= 0 ? image![(at + 1)..] : image;
    }

    public async Task<string> StartAsync(ContainerSpec spec, CancellationToken ct = default)
    {
        string id;
        await _creations.WaitAsync(ct);
        try
        {
            var network = await calls.RunAsync(() => SwarmNetwork.EnsureAsync(docker, LeaseNetwork.InstallationOf(spec.Labels), ct), ct);
            var parameters = new ServiceCreateParameters
            {
                Service = ServiceParameters.For(spec, network, options.Value),
                RegistryAuth = registries.Value.For(spec.Image.Image) is { } credentials
                    ? new AuthConfig { ServerAddress = credentials.Server, Username = credentials.Username, Password = credentials.Password, IdentityToken = credentials.IdentityToken }
                    : null,
            };
            id = (await calls.RunAsync(() => docker.Swarm.CreateServiceAsync(parameters, ct), ct)).ID;
        }
        catch (Exception ex)
        {
            // The manager may have made it although its answer was lost: remove it by its name.
            AppLog.StartFailed(logger, ex, spec.Name);
            await UndoCreateAsync(ServiceParameters.NameOf(spec.Name));
            throw;
        }
        finally
        {
            _creations.Release();
        }

        try
        {
            await placement.WaitAsync(id, spec.Image, ct);
            return id;
        }
        catch (Exception ex)
        {
            AppLog.StartFailed(logger, ex, spec.Name);
            await UndoCreateAsync(id);
            throw;
        }
    }

    private async Task UndoCreateAsync(string service)
    {
        using var undo = new CancellationTokenSource(options.Value.RequestTimeout);
        try
        {
            await RemoveAsync(service, undo.Token);
        }
        catch (Exception ex) when (ex is DependencyUnavailableException or DockerApiException or OperationCanceledException)
        {
            AppLog.UndoCreateFailed(logger, ex, service);
        }
    }

    /// <summary>Removes the service; the manager then stops its task at once (its grace period is none).</summary>
    public async Task<bool> RemoveAsync(string containerId, CancellationToken ct = default)
    {
        try
        {
            await calls.RunAsync(() => docker.Swarm.RemoveServiceAsync(containerId, ct), ct);
            return true;
        }
        catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    /// <summary>
    /// Every service of this installation, its name made from its labels as a container's would be
    /// (<see cref="LeaseName"/>), so the sweep compares it with the lease as it does a container's;
    /// one whose task will not run again is listed as <see cref="ManagedContainer.Lost"/>, saying why.
    /// Sizes are not known to a manager: a disk limit is not checked in swarm mode.
    /// </summary>
    public async Task<IReadOnlyList<ManagedContainer>> ListManagedAsync(bool withSizes = false, CancellationToken ct = default)
    {
        var services = await calls.RunAsync(() => docker.Swarm.ListServicesAsync(
            new ServicesListParameters { Filters = new ServiceFilter { Label = [$"{LeaseLabels.Managed}=true", $"{LeaseLabels.Installation}={leases.InstallationId}"] } },
            ct),
            ct);
        var list = services.ToList();
        if (list.Count == 0)
        {
            return [];
        }

        var tasks = await TasksAsync(list.Select(s => s.ID), ct);
        var nodes = await NodesAsync(ct);
        return [.. list.Select(s => new ManagedContainer(
            s.ID,
            new Dictionary<string, string>(s.Spec.Labels ?? new Dictionary<string, string>()),
            new DateTimeOffset(DateTime.SpecifyKind(s.CreatedAt, DateTimeKind.Utc)),
            Name: NameFromLabels(s.Spec),
            Lost: SwarmTask.Current(tasks[s.ID], nodes)?.Lost()))];
    }

    /// <summary>Updates the service's expiry and owner labels to those <paramref name="name"/> carries (a <see cref="LeaseName"/>); its task runs on untouched.</summary>
    public async Task<bool> RenameAsync(string containerId, string name, CancellationToken ct = default)
    {
        if (!LeaseName.TryRead(name, out var leaseId, out var expiresAt, out var owner))
        {
            throw new ArgumentException($"'{name}' is not a lease's name.", nameof(name));
        }

        for (var attempt = 1; ; attempt++)
        {
            var service = await InspectServiceAsync(containerId, ct);
            if (service is null)
            {
                return false;
            }

            var spec = service.Spec;
            spec.Labels = new Dictionary<string, string>(spec.Labels ?? new Dictionary<string, string>())
            {
                [LeaseLabels.LeaseId] = leaseId.Value,
                [LeaseLabels.ExpiresAt] = LeaseLabels.Expiry(expiresAt),
                [LeaseLabels.Owner] = owner,
            };
            try
            {
                await docker.Swarm.UpdateServiceAsync(containerId, new ServiceUpdateParameters { Service = spec, Version = (long)service.Version.Index }, ct);
                return true;
            }
            catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
            {
                return false;
            }
            catch (DockerApiException ex) when (attempt < 5 && DockerCalls.EngineMessage(ex).Contains("out of sequence", StringComparison.OrdinalIgnoreCase))
            {
                // Another writer updated it between our read and our write: read it again.
            }
            catch (Exception ex) when (DockerCalls.IsUnreachable(ex))
            {
                throw DockerCalls.Unreachable(ex);
            }
        }
    }

    public async Task<bool> IsManagedAsync(string containerId, CancellationToken ct = default)
    {
        var labels = (await InspectServiceAsync(containerId, ct))?.Spec.Labels;
        return labels is not null
            && labels.TryGetValue(LeaseLabels.Managed, out var managed) && managed == "true"
            && labels.TryGetValue(LeaseLabels.Installation, out var installation) && installation == leases.InstallationId;
    }

    /// <summary>The service's logs, which the manager gathers from the node that runs its task, in the engine's own frames.</summary>
    public async IAsyncEnumerable<LogLine> StreamLogsAsync(string containerId, string? since, int tail, bool follow, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var parameters = new ServiceLogsParameters
        {
            ShowStdout = true,
            ShowStderr = true,
            Timestamps = true,
            Follow = follow,
            Since = since is null ? null : DockerLogLines.SinceParameter(since),
            Tail = since is null ? tail.ToString(CultureInfo.InvariantCulture) : "all",
        };
#pragma warning disable CS0618 // The raw stream on purpose, as for a container: its frame headers mark where each entry ends.
        using var stream = await calls.RunAsync(() => docker.Swarm.GetServiceLogsAsync(containerId, parameters, ct), ct);
#pragma warning restore CS0618
        await foreach (var line in DockerLogStream.ReadAsync(stream, calls, logOptions.MaxLineBytes, since, ct))
        {
            yield return line;
        }
    }

    /// <summary>
    /// The state of the service's task: its state in the manager's words (<c>running</c>, <c>pending</c>,
    /// <c>failed</c>; <c>lost</c> when its node is down or drained). With a health check, Swarm reports a
    /// task running only once it is healthy, and <c>starting</c> until then.
    /// </summary>
    public async Task<ContainerState?> InspectAsync(string containerId, CancellationToken ct = default)
    {
        var service = await InspectServiceAsync(containerId, ct);
        if (service is null)
        {
            return null;
        }

        var task = SwarmTask.Current((await TasksAsync([containerId], ct))[containerId], await NodesAsync(ct));
        if (task is null)
        {
            // No task yet, or the service was removed between the two calls.
            return await InspectServiceAsync(containerId, ct) is null ? null : new ContainerState("pending", false, null);
        }

        var hasHealthCheck = service.Spec.TaskTemplate?.ContainerSpec?.Healthcheck is not null;
        var running = task.State == TaskState.Running && task.Lost() is null;
        var status = task.Lost() is not null && !task.HasEnded ? "lost" : task.State.ToString().ToLowerInvariant();
        var health = !hasHealthCheck ? null : running ? "healthy" : task.State == TaskState.Starting ? "starting" : null;
        return new ContainerState(status, running, health);
    }

    private async Task<SwarmService?> InspectServiceAsync(string id, CancellationToken ct)
    {
        try
        {
            return await calls.RunAsync(() => docker.Swarm.InspectServiceAsync(id, ct), ct);
        }
        catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>The tasks of the given services, in one call; none when one of them was removed meanwhile (the manager refuses the filter then).</summary>
    private async Task<ILookup<string, TaskResponse>> TasksAsync(IEnumerable<string> serviceIds, CancellationToken ct)
    {
        var filter = new Dictionary<string, IDictionary<string, bool>>
        {
            ["service"] = serviceIds.Distinct(StringComparer.Ordinal).ToDictionary(id => id, _ => true, StringComparer.Ordinal),
        };
        try
        {
            var tasks = await calls.RunAsync(() => docker.Tasks.ListAsync(new TasksListParameters { Filters = filter }, ct), ct);
            return tasks.ToLookup(t => t.ServiceID, StringComparer.Ordinal);
        }
        catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            // A service was removed since it was listed ("service ... not found"): none of them has a task
            // to show this time; the next look sees the others' again.
            return Array.Empty<TaskResponse>().ToLookup(t => t.ServiceID, StringComparer.Ordinal);
        }
    }

    private async Task<IReadOnlyDictionary<string, NodeListResponse>> NodesAsync(CancellationToken ct) =>
        (await calls.RunAsync(() => docker.Swarm.ListNodesAsync(ct), ct)).ToDictionary(n => n.ID, StringComparer.Ordinal);

    /// <summary>What a container's name would carry, from the labels; a pool member's own name until a lease claims it.</summary>
    private static string NameFromLabels(ServiceSpec spec)
    {
        IDictionary<string, string> labels = spec.Labels ?? new Dictionary<string, string>();
        return labels.TryGetValue(LeaseLabels.LeaseId, out var id) && LeaseId.TryParse(id, out var leaseId)
            && labels.TryGetValue(LeaseLabels.ExpiresAt, out var expires)
            && DateTimeOffset.TryParse(expires, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var expiresAt)
            ? LeaseName.For(leaseId, expiresAt, labels.TryGetValue(LeaseLabels.Owner, out var owner) ? owner : "unknown")
            : spec.Name;
    }
}
