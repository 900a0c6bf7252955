using ContainerLease.Domain.Catalog;
using ContainerLease.Domain.Errors;
using ContainerLease.Domain.Logging;
using ContainerLease.Domain.Policy;
using ContainerLease.Domain.Ports;
using ContainerLease.Domain.Quota;
using Microsoft.Extensions.Logging;

namespace ContainerLease.Domain.Leases;

/// <summary>
/// Brings leases under management: a new one (quota, container, record, expiry job, undone as a
/// whole if any step fails) or, for the sweep, one rebuilt from a container's labels.
/// </summary>
public sealed class LeaseProvisioner(
    ImageCatalog catalog,
    DurationPolicy policy,
    LeaseOptions options,
    IContainerRuntime runtime,
    ILeaseStore store,
    IExpiryScheduler scheduler,
    ILeaseEvents events,
    IWarmPool pool,
    IPoolRefills refills,
    IPendingStarts pendingStarts,
    IPullProgressFeed pullProgress,
    LeaseEndings endings,
    TimeProvider time,
    ILogger<LeaseProvisioner> logger)
{
    private readonly Dictionary<string, int> _memoryByImage = catalog.Images.ToDictionary(i => i.Key, i => i.Value.MemoryMb, StringComparer.Ordinal);

    public async Task<Lease> ProvisionAsync(ProvisionRequest request, CancellationToken ct = default)
    {
        var image = catalog.Find(request.ImageType) ?? throw new LeaseValidationException(
            "imageType", $"'{Echo.Of(request.ImageType)}' is not in the catalog. Choose one of: {string.Join(", ", catalog.Images.Keys)}.");
        policy.EnsureAllowed(request.Duration);

        var now = LeaseClock.Now(time);
        var id = LeaseId.New();
        var hold = new QuotaHold(id, request.Owner, image.MemoryMb, now + options.ProvisionTimeout);
        await HoldQuotaAsync(hold, image, now, ct);
        try
        {
            using var deadline = new CancellationTokenSource(options.ProvisionTimeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
            try
            {
                return await CreateAsync(id, request, image, now, linked.Token);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested)
            {
                throw new DependencyUnavailableException(DependencyUnavailableException.Docker,
                    $"Provisioning took longer than {DurationPolicy.Describe(options.ProvisionTimeout)} and was undone; try again.");
            }
        }
        finally
        {
            await ReleaseQuotaAsync(hold);
        }
    }

    private async Task<Lease> CreateAsync(LeaseId id, ProvisionRequest request, CatalogImage image, DateTimeOffset now, CancellationToken ct)
    {
        var lease = new Lease
        {
            Id = id,
            ContainerId = string.Empty,
            ImageType = request.ImageType,
            Owner = request.Owner,
            CreatedAt = now,
            ExpiresAt = now + request.Duration,
            History = [new LeaseEvent(now, LeaseEvent.Provisioned, $"{request.ImageType} for {DurationPolicy.Describe(request.Duration)}", request.Owner)],
        };
        if (image.WarmPool.Size > 0)
        {
            refills.Request();
            if (await ClaimAsync(lease, ct) is { } claimed)
            {
                return claimed;
            }
        }

        if (!catalog.WaitForPull)
        {
            await runtime.EnsureImageAsync(image.Image, ct: ct);
        }
        else if (!await runtime.HasImageAsync(image.Image, ct))
        {
            return await BeginPullAsync(lease, ct);
        }

        var spec = new ContainerSpec(LeaseName.For(lease), image, LeaseLabels.For(lease, options.InstallationId));
        lease = lease with { ContainerId = await runtime.StartAsync(spec, ct) };

        var idTaken = false;
        try
        {
            lease = WithImage(lease, await runtime.ImageDigestAsync(lease.ContainerId, ct));
            idTaken = !await store.TryAddAsync(lease, ct);
            if (idTaken)
            {
                // A sweep that ran while this provision was slow may have adopted our container
                // from its labels: that record is this lease, and its expiry is already scheduled.
                if (await store.GetAsync(lease.Id, ct) is { } adopted && adopted.ContainerId == lease.ContainerId)
                {
                    DomainLog.ProvisionAdopted(logger, lease.Id.Value, lease.ContainerId);
                    await events.ChangedAsync(adopted, ct);
                    return adopted;
                }

                throw new InvalidOperationException($"Lease id {lease.Id} is already taken.");
            }

            await scheduler.ScheduleAsync(lease.Id, lease.ExpiresAt, ct);
        }
        catch (Exception ex)
        {
            // The record under a taken id is another lease's: only our container is ours to undo.
            await RollBackAsync(lease, ex, deleteRecord: !idTaken);
            throw;
        }

        DomainLog.Provisioned(logger, lease.Id.Value, lease.ContainerId, lease.ImageType, lease.ExpiresAt);
        await events.ChangedAsync(lease, ct);
        return lease with { Version = 1 };
    }

    /// <summary>
    /// Stores the lease as <see cref="LeaseStatus.Pulling"/>, with no container and its clock not
    /// started, and leaves the pull and the start to <see cref="StartPulledAsync"/> in the background.
    /// It counts in its owner's quota from now, like any lease.
    /// </summary>
    private async Task<Lease> BeginPullAsync(Lease lease, CancellationToken ct)
    {
        var pulling = lease with
        {
            Status = LeaseStatus.Pulling,
            History = [lease.History[0] with { Detail = lease.History[0].Detail + ", once its image is pulled" }],
        };
        if (!await store.TryAddAsync(pulling, ct))
        {
            throw new InvalidOperationException($"Lease id {lease.Id} is already taken.");
        }

        try
        {
            pendingStarts.Enqueue(pulling.Id);
        }
        catch (Exception ex)
        {
            await RollBackAsync(pulling, ex, deleteRecord: true);
            throw;
        }

        DomainLog.PullAwaited(logger, pulling.Id.Value, pulling.ImageType);
        await events.ChangedAsync(pulling, ct);
        return pulling with { Version = 1 };
    }

    /// <summary>
    /// The background half of a provision that waits for its pull: pulls the image (its progress
    /// to <see cref="IPullProgressFeed"/>), starts the container, and starts the lease's clock then.
    /// Idempotent: a lease no longer pulling (terminated meanwhile, or started by an earlier run)
    /// is left alone, and a container started for a lease that ended meanwhile is removed. A pull
    /// that fails, or outlasts <see cref="LeaseOptions.ProvisionTimeout"/> from the request, ends
    /// the lease <see cref="EndReason.PullFailed"/> with the reason; an unreachable engine throws,
    /// so that the job is tried again.
    /// </summary>
    public async Task StartPulledAsync(LeaseId id, CancellationToken ct = default)
    {
        if (await store.GetAsync(id, ct) is not { Status: LeaseStatus.Pulling } lease)
        {
            return;
        }

        if (catalog.Find(lease.ImageType) is not { } image)
        {
            await endings.EndPullFailedAsync(id, $"'{lease.ImageType}' left the catalog before its image was pulled.", ct);
            return;
        }

        var left = lease.CreatedAt + options.ProvisionTimeout - time.GetUtcNow();
        using var deadline = new CancellationTokenSource(left > TimeSpan.Zero ? left : TimeSpan.Zero, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        try
        {
            await runtime.EnsureImageAsync(image.Image, pullProgress.Follow(lease), linked.Token);
        }
        catch (ImageUnavailableException ex)
        {
            await endings.EndPullFailedAsync(id, ex.Message, ct);
            return;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            await endings.EndPullTimedOutAsync(id, options.ProvisionTimeout, ct);
            return;
        }

        await StartAfterPullAsync(lease, image, ct);
    }

    private async Task StartAfterPullAsync(Lease pulling, CatalogImage image, CancellationToken ct)
    {
        var now = LeaseClock.Now(time);
        var started = pulling with { Status = LeaseStatus.Active, CreatedAt = now, ExpiresAt = now + (pulling.ExpiresAt - pulling.CreatedAt) };
        var spec = new ContainerSpec(LeaseName.For(started), image, LeaseLabels.For(started, options.InstallationId));
        started = started with { ContainerId = await runtime.StartAsync(spec, ct) };
        try
        {
            // Scheduled before the lease says it runs: a job for a start that is not written finds its
            // deadline stale and does nothing, while a written start always has its job.
            var digest = await runtime.ImageDigestAsync(started.ContainerId, ct);
            await scheduler.ScheduleAsync(started.Id, started.ExpiresAt, ct);
            var written = await LeaseUpdates.UpdateAsync(store, started.Id, "starting", lease => Task.FromResult(lease is not { Status: LeaseStatus.Pulling }
                ? LeaseStep<Lease?>.Done(null)
                : LeaseStep<Lease?>.Write(
                    WithImage(lease with { Status = started.Status, CreatedAt = started.CreatedAt, ExpiresAt = started.ExpiresAt, ContainerId = started.ContainerId }, digest)
                        .Record(new LeaseEvent(now, LeaseEvent.Started, "its image pulled; its clock runs from now")),
                    stored => Task.FromResult<Lease?>(stored))), ct);
            if (written is null)
            {
                // Ended while its image was pulled: the container is nobody's.
                await RollBackAsync(started, new LeaseConflictException($"Lease {started.Id} ended while its image was pulled."), deleteRecord: false);
                return;
            }

            DomainLog.Provisioned(logger, written.Id.Value, written.ContainerId, written.ImageType, written.ExpiresAt);
            await events.ChangedAsync(written, ct);
        }
        catch (Exception ex)
        {
            // The lease stays pulling, so the job's next try pulls (at once: the image is there) and starts again.
            await RollBackAsync(started, ex, deleteRecord: false);
            throw;
        }
    }

    /// <summary>
    /// Makes a ready member of the entry's warm pool the lease's container: taken atomically, the
    /// record stored first (so the sweep sees it claimed), then renamed to carry the lease (see
    /// <see cref="LeaseName"/>; its labels belong to no lease). Null when the pool is empty; a
    /// member that vanished is skipped for the next.
    /// </summary>
    private async Task<Lease?> ClaimAsync(Lease lease, CancellationToken ct)
    {
        while (await pool.TakeAsync(lease.ImageType, ct) is { } containerId)
        {
            if (await runtime.ImageDigestAsync(containerId, ct) is not { } digest)
            {
                continue; // The member vanished (removed by hand, or by the sweep): the next one.
            }

            var withImage = WithImage(lease, digest);
            var claimed = withImage with
            {
                ContainerId = containerId,
                FromPool = true,
                History = [withImage.History[0] with { Detail = withImage.History[0].Detail + ", from the warm pool" }],
            };
            if (!await store.TryAddAsync(claimed, ct))
            {
                throw new InvalidOperationException($"Lease id {lease.Id} is already taken.");
            }

            try
            {
                if (!await runtime.RenameAsync(containerId, LeaseName.For(claimed), ct))
                {
                    await store.DeleteAsync(claimed.Id, ct);
                    continue;
                }

                await scheduler.ScheduleAsync(claimed.Id, claimed.ExpiresAt, ct);
            }
            catch (Exception ex)
            {
                await RollBackAsync(claimed, ex, deleteRecord: true);
                throw;
            }

            DomainLog.Provisioned(logger, claimed.Id.Value, claimed.ContainerId, claimed.ImageType, claimed.ExpiresAt);
            await events.ChangedAsync(claimed, ct);
            return claimed with { Version = 1 };
        }

        return null;
    }

    /// <summary>The lease with the build its container runs, in the lease and in its provisioned entry, which the audit log keeps.</summary>
    private static Lease WithImage(Lease lease, string? digest) => digest is null ? lease : lease with
    {
        ImageDigest = digest,
        History = [lease.History[0] with { Detail = $"{lease.History[0].Detail}, image {digest}" }, .. lease.History.Skip(1)],
    };

    /// <summary>
    /// Checks the owner's quota and holds a place in it in one step of the store, so that
    /// provisions racing each other (on one instance or several) cannot all pass.
    /// </summary>
    private async Task HoldQuotaAsync(QuotaHold hold, CatalogImage image, DateTimeOffset now, CancellationToken ct)
    {
        var limits = new QuotaLimits(options.MaxActivePerUser, options.MaxMemoryMbPerUser, _memoryByImage);
        var check = await store.TryHoldAsync(hold, limits, now, ct);
        if (check.Held)
        {
            return;
        }

        if (check.Active >= options.MaxActivePerUser)
        {
            throw new QuotaExceededException(QuotaExceededException.ActiveLeases,
                $"You already hold {check.Active} active leases, the most one user may hold ({options.MaxActivePerUser}). Terminate one first.");
        }

        throw new QuotaExceededException(QuotaExceededException.Memory,
            $"Your active leases hold {check.MemoryMb} MB; this one needs {image.MemoryMb} MB more, past your limit of {options.MaxMemoryMbPerUser} MB.");
    }

    /// <summary>A hold that cannot be given back lapses at its own deadline; the provision's outcome stands.</summary>
    private async Task ReleaseQuotaAsync(QuotaHold hold)
    {
        using var release = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await store.ReleaseHoldAsync(hold, release.Token);
        }
        catch (Exception ex)
        {
            DomainLog.QuotaReleaseFailed(logger, ex, hold.LeaseId.Value, hold.Until);
        }
    }

    /// <summary>
    /// Takes a container whose lease record is missing back under management from its labels:
    /// stores the lease and schedules its expiry. False when a record appeared meanwhile.
    /// </summary>
    public async Task<bool> AdoptAsync(Lease fromLabels, CancellationToken ct = default)
    {
        if (!await store.TryAddAsync(fromLabels, ct))
        {
            return false;
        }

        try
        {
            await scheduler.ScheduleAsync(fromLabels.Id, fromLabels.ExpiresAt, ct);
        }
        catch
        {
            // A stored lease with no job would wait for a sweep after its expiry; without the
            // record, the next sweep adopts it again and schedules the job then.
            await store.DeleteAsync(fromLabels.Id, CancellationToken.None);
            throw;
        }

        DomainLog.Adopted(logger, fromLabels.Id.Value, fromLabels.ContainerId, fromLabels.ExpiresAt);
        await events.ChangedAsync(fromLabels, ct);
        return true;
    }

    private async Task RollBackAsync(Lease lease, Exception cause, bool deleteRecord)
    {
        DomainLog.ProvisionRollingBack(logger, cause, lease.Id.Value, lease.ContainerId);

        // The caller's token may be the reason we are here; undoing must still happen, but not forever.
        using var undo = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await runtime.RemoveAsync(lease.ContainerId, undo.Token);
        }
        catch (Exception ex)
        {
            // The sweep reaps it from its labels; the original error is the one to report.
            DomainLog.RollbackFailed(logger, ex, lease.Id.Value, lease.ContainerId);
        }

        try
        {
            if (deleteRecord)
            {
                await store.DeleteAsync(lease.Id, undo.Token);
            }
        }
        catch (Exception ex)
        {
            DomainLog.RollbackRecordFailed(logger, ex, lease.Id.Value);
        }
    }
}
