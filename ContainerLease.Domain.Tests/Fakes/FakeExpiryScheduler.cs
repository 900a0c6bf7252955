using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Ports;

namespace ContainerLease.Domain.Tests.Fakes;

public sealed record ScheduledJob(LeaseId Id, DateTimeOffset ExpiresAt);

/// <summary>Records every job asked for; can be told to throw, or to run a check at the moment of scheduling.</summary>
public sealed class FakeExpiryScheduler : IExpiryScheduler
{
    public List<ScheduledJob> Scheduled { get; } = [];

    /// <summary>Thrown by <see cref="ScheduleAsync"/> when set; nothing is recorded then.</summary>
    public Exception? Failure { get; set; }

    /// <summary>Runs inside <see cref="ScheduleAsync"/>, before recording: lets a test look at the store at that moment.</summary>
    public Action<ScheduledJob>? OnSchedule { get; set; }

    public Task ScheduleAsync(LeaseId id, DateTimeOffset expiresAt, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        if (Failure is { } failure)
        {
            throw failure;
        }

        var job = new ScheduledJob(id, expiresAt);
        OnSchedule?.Invoke(job);
        Scheduled.Add(job);
        return Task.CompletedTask;
    }
}
