using System.Collections.Concurrent;
using ContainerLease.Domain.Images;
using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Ports;

namespace ContainerLease.Domain.Tests.Fakes;

/// <summary>Every progress report shown, with the lease it was shown for.</summary>
public sealed class FakePullProgressFeed : IPullProgressFeed
{
    public ConcurrentQueue<(LeaseId Lease, PullProgress Progress)> Shown { get; } = new();

    public IProgress<PullProgress> Follow(Lease lease) => new Recorder(this, lease.Id);

    private sealed class Recorder(FakePullProgressFeed feed, LeaseId id) : IProgress<PullProgress>
    {
        public void Report(PullProgress value) => feed.Shown.Enqueue((id, value));
    }
}
