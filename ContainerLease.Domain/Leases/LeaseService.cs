using ContainerLease.Domain.Catalog;
using ContainerLease.Domain.Errors;
using ContainerLease.Domain.Logging;
using ContainerLease.Domain.Policy;
using ContainerLease.Domain.Ports;
using ContainerLease.Domain.Quota;
using Microsoft.Extensions.Logging;

namespace ContainerLease.Domain.Leases;

/// <summary>The lease flows: provision, extend, terminate and expire. Adapters stay behind the ports.</summary>
public sealed class LeaseService(
    ImageCatalog catalog,
    DurationPolicy policy,
    LeaseOptions options,
    IContainerRuntime runtime,
    ILeaseStore store,
    IExpiryScheduler scheduler,
    ILeaseEvents events,
    TimeProvider time,
    ILogger<LeaseService> logger)
{
    /// <summary>A job this close to its due time waits rather than scheduling itself again.</summary>
    private static readonly TimeSpan EarlyWaitLimit = TimeSpan.FromSeconds(5);

    /// <summary>Compare-and-set rounds before giving up: only contention from many writers exhausts it.</summary>
    private const int MaxRounds = 10;

    private readonly Dictionary<string, int> _memoryByImage = catalog.Images.ToDictionary(i => i.Key, i => i.Value.MemoryMb, StringComparer.Ordinal);

    public async Task<Lease> ProvisionAsync(ProvisionRequest request, CancellationToken ct = default)
    {
        var image = catalog.Find(request.ImageType) ?? throw new LeaseValidationException(
            "imageType", $"'{Echo.Of(request.ImageType)}' is not in the catalog. Choose one of: {string.Join(", ", catalog.Images.Keys)}.");
        policy.EnsureAllowed(request.Duration);

        var now = Truncate(time.GetUtcNow());
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
        await runtime.EnsureImageAsync(image.Image, ct);

        var lease = new Lease
        {
            Id = id,
            ContainerId = string.Empty,
            ImageType = request.ImageType,
            Owner = request.Owner,
            CreatedAt = now,
            ExpiresAt = now + request.Duration,
            History = [new LeaseEvent(now, LeaseEvent.Provisioned, $"{request.ImageType} for {DurationPolicy.Describe(request.Duration)}")],
        };
        var spec = new ContainerSpec($"containerlease-{lease.Id}", image, LeaseLabels.For(lease, options.InstallationId));
        lease = lease with { ContainerId = await runtime.StartAsync(spec, ct) };

        var idTaken = false;
        try
        {
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

    /// <summary>A lease the caller may see; another user's lease is as unknown as a missing one.</summary>
    public async Task<Lease> GetAsync(LeaseId id, LeaseCaller caller, CancellationToken ct = default) =>
        await store.GetAsync(id, ct) is { } lease && caller.MaySee(lease) ? lease : throw new LeaseNotFoundException(id.Value);

    /// <summary>
    /// The active leases the caller may see, soonest expiry first. A user's own leases are few
    /// (the quota bounds them), so they are read whole and paged here; an admin's list is paged by the store.
    /// </summary>
    public async Task<LeasePage> ListActiveAsync(LeaseCaller caller, int skip, int take, CancellationToken ct = default)
    {
        if (caller.IsAdmin)
        {
            return await store.ListActiveAsync(skip, take, ct);
        }

        var mine = await store.ListActiveByOwnerAsync(caller.Name, ct);
        return new LeasePage([.. mine.OrderBy(l => l.ExpiresAt).ThenBy(l => l.Id.Value, StringComparer.Ordinal).Skip(skip).Take(take)], mine.Count);
    }

    public Task<IReadOnlyList<Lease>> ListRecentlyEndedAsync(LeaseCaller caller, int take, CancellationToken ct = default) =>
        store.ListRecentlyEndedAsync(take, caller.IsAdmin ? null : caller.Name, ct);

    public async Task<Lease> ExtendAsync(LeaseId id, TimeSpan extension, LeaseCaller caller, CancellationToken ct = default)
    {
        for (var round = 0; round < MaxRounds; round++)
        {
            var lease = await GetAsync(id, caller, ct);
            if (lease.Status != LeaseStatus.Active || lease.ExpiresAt <= time.GetUtcNow())
            {
                throw new LeaseConflictException($"Lease {id} has {(lease.Status == LeaseStatus.Active ? "expired" : "ended")} and can no longer be extended.");
            }

            var newExpiry = policy.ExtendedExpiry(lease.CreatedAt, lease.ExpiresAt, extension);
            var extended = (lease with { ExpiresAt = newExpiry })
                .Record(new LeaseEvent(Truncate(time.GetUtcNow()), LeaseEvent.Extended, $"by {DurationPolicy.Describe(extension)}, from {lease.ExpiresAt:o} to {newExpiry:o}"));

            // The new job goes first: if storing the new expiry then fails, an extra job finds the
            // lease unchanged and does nothing, whereas the other order would leave no job at the new time.
            await scheduler.ScheduleAsync(id, extended.ExpiresAt, ct);
            if (await store.TryUpdateAsync(extended, ct))
            {
                DomainLog.Extended(logger, id.Value, lease.ExpiresAt, extended.ExpiresAt);
                await events.ChangedAsync(extended, ct);
                return extended with { Version = lease.Version + 1 };
            }
        }

        throw new LeaseConflictException($"Lease {id} changed too often while being extended; try again.");
    }

    /// <summary>Ends a lease now. Ending one that has already ended changes nothing.</summary>
    public async Task<Lease> TerminateAsync(LeaseId id, LeaseCaller caller, CancellationToken ct = default)
    {
        for (var round = 0; round < MaxRounds; round++)
        {
            var lease = await GetAsync(id, caller, ct);
            switch (lease.Status)
            {
                case LeaseStatus.Ended:
                    return lease;
                case LeaseStatus.Ending:
                    return await FinishAsync(lease, ct);
                default:
                    var ending = lease.BeginEnding(EndReason.Terminated);
                    if (await store.TryUpdateAsync(ending, ct))
                    {
                        return await FinishAsync(ending with { Version = lease.Version + 1 }, ct);
                    }

                    break;
            }
        }

        throw new LeaseConflictException($"Lease {id} changed too often while being terminated; try again.");
    }

    /// <summary>
    /// The expiry job's work. Idempotent: a lease already ended or missing, or a container already
    /// gone, is a success; a lease extended since <paramref name="scheduledFor"/> is left alone.
    /// Failures to reach the engine throw, so the job is retried.
    /// </summary>
    public async Task<ExpireOutcome> ExpireAsync(LeaseId id, DateTimeOffset scheduledFor, CancellationToken ct = default)
    {
        for (var round = 0; round < MaxRounds; round++)
        {
            var lease = await store.GetAsync(id, ct);
            if (lease is null || lease.Status == LeaseStatus.Ended)
            {
                return ExpireOutcome.AlreadyEnded;
            }

            if (lease.Status == LeaseStatus.Ending)
            {
                await FinishAsync(lease, ct);
                return ExpireOutcome.Expired;
            }

            if (lease.ExpiresAt != scheduledFor)
            {
                return ExpireOutcome.Stale;
            }

            var early = lease.ExpiresAt - time.GetUtcNow();
            if (early > EarlyWaitLimit)
            {
                return ExpireOutcome.NotYetDue;
            }

            if (early > TimeSpan.Zero)
            {
                // The job starts early on purpose (the scheduler polls, and is given a lead to cover it).
                // A real timer counts whole milliseconds and fires at once for less than one, which
                // would spend the rounds below in a spin: wait at least up to the next millisecond.
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(early.TotalMilliseconds)), time, ct);
                continue;
            }

            var ending = lease.BeginEnding(EndReason.Expired);
            if (await store.TryUpdateAsync(ending, ct))
            {
                await FinishAsync(ending with { Version = lease.Version + 1 }, ct);
                return ExpireOutcome.Expired;
            }
        }

        throw new LeaseConflictException($"Lease {id} changed too often while expiring; the job will retry.");
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

    /// <summary>Ends a lease whose container disappeared behind the app's back. An ending lease is finished as it was.</summary>
    public async Task MarkGoneAsync(LeaseId id, CancellationToken ct = default)
    {
        for (var round = 0; round < MaxRounds; round++)
        {
            var lease = await store.GetAsync(id, ct);
            switch (lease?.Status)
            {
                case null or LeaseStatus.Ended:
                    return;
                case LeaseStatus.Ending:
                    await FinishAsync(lease, ct);
                    return;
                default:
                    var gone = lease.BeginEnding(EndReason.Gone);
                    if (await store.TryUpdateAsync(gone, ct))
                    {
                        await FinishAsync(gone with { Version = lease.Version + 1 }, ct);
                        return;
                    }

                    break;
            }
        }

        throw new LeaseConflictException($"Lease {id} changed too often while being marked gone.");
    }

    /// <summary>Writes a failed reap into the lease's history, so that it shows why the container is still there.</summary>
    public async Task RecordReapFailureAsync(LeaseId id, int attempt, string error, CancellationToken ct = default)
    {
        for (var round = 0; round < MaxRounds; round++)
        {
            var lease = await store.GetAsync(id, ct);
            if (lease is null || lease.Status == LeaseStatus.Ended)
            {
                return;
            }

            var entry = new LeaseEvent(Truncate(time.GetUtcNow()), LeaseEvent.ReapFailed, $"attempt {attempt}: {error}");
            if (await store.TryUpdateAsync(lease.Record(entry), ct))
            {
                return;
            }
        }
    }

    /// <summary>Removes the container of an ending lease and records the end. Safe to repeat.</summary>
    private async Task<Lease> FinishAsync(Lease ending, CancellationToken ct)
    {
        var removed = await runtime.RemoveAsync(ending.ContainerId, ct);
        var ended = ending.Finish(Truncate(time.GetUtcNow()));
        if (!await store.TryUpdateAsync(ended, ct))
        {
            // Someone else finished it meanwhile; their record stands.
            return await store.GetAsync(ending.Id, ct) ?? throw new LeaseNotFoundException(ending.Id.Value);
        }

        DomainLog.Ended(logger, ending.Id.Value, ending.ContainerId, ending.EndReason ?? EndReason.Expired, removed);
        await events.ChangedAsync(ended, ct);
        return ended with { Version = ending.Version + 1 };
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

    /// <summary>Milliseconds are what the labels and the store keep; finer precision would not round-trip.</summary>
    private static DateTimeOffset Truncate(DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
}
