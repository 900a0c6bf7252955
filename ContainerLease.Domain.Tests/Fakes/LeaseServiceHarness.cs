using ContainerLease.Domain.Catalog;
using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Policy;
using ContainerLease.Domain.Ports;
using ContainerLease.Domain.Sweeping;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ContainerLease.Domain.Tests.Fakes;

/// <summary>A <see cref="LeaseService"/> and a <see cref="LeaseSweeper"/> wired to the same fakes, a fake clock and a small catalog.</summary>
public sealed class LeaseServiceHarness
{
    private int _planted;

    public const string ImageType = "python";
    public const string InstallationId = "test-install";
    public const string Owner = "alice";

    /// <summary>The owner of the harness's leases, acting on them.</summary>
    public static readonly LeaseCaller Caller = new(Owner, IsAdmin: false);

    public static readonly LeaseCaller Admin = new("root", IsAdmin: true);

    /// <summary>Whole milliseconds, so the service's truncation changes nothing unless a test wants it to.</summary>
    public static readonly DateTimeOffset Start = new(2025, 1, 6, 9, 0, 0, TimeSpan.Zero);

    public LeaseServiceHarness()
        : this(Start)
    {
    }

    public LeaseServiceHarness(DateTimeOffset start, bool waitForPull = false)
    {
        Time = new FakeTimeProvider(start);
        Runtime = new FakeContainerRuntime(Time, InstallationId);
        Options = new LeaseOptions
        {
            MinimumDuration = TimeSpan.FromMinutes(1),
            MaximumDuration = TimeSpan.FromHours(4),
            InstallationId = InstallationId,
        };
        Image = new CatalogImage { Image = "python:3.13-alpine", Command = ["sleep", "infinity"] };
        var catalog = Catalog = new ImageCatalog(new CatalogOptions
        {
            WaitForPull = waitForPull,
            Images = new Dictionary<string, CatalogImage>(StringComparer.Ordinal)
            {
                [ImageType] = Image,
                ["redis"] = new CatalogImage { Image = "redis:7-alpine" },
            },
        });
        var policy = new DurationPolicy(Options);
        Service = new LeaseService(policy, Store, Scheduler, Events, Runtime, Time, NullLogger<LeaseService>.Instance);
        Endings = new LeaseEndings(Runtime, Store, Events, Time, NullLogger<LeaseEndings>.Instance);
        Provisioner = new LeaseProvisioner(catalog, policy, Options, Runtime, Store, Scheduler, Events, Pool, Pool, PendingStarts, PullProgress, Endings, Time, NullLogger<LeaseProvisioner>.Instance);
        Idling = new LeaseIdling(catalog, Options, Endings, Store, Events, Time, NullLogger<LeaseIdling>.Instance);
        Sweeper = new LeaseSweeper(catalog, Provisioner, Endings, Idling, Options, Runtime, Store, Time, NullLogger<LeaseSweeper>.Instance);
    }

    public FakeTimeProvider Time { get; }

    public ImageCatalog Catalog { get; }

    public FakeContainerRuntime Runtime { get; }

    public FakeLeaseStore Store { get; } = new();

    public FakeExpiryScheduler Scheduler { get; } = new();

    public FakeWarmPool Pool { get; } = new();

    public FakePendingStarts PendingStarts { get; } = new();

    public FakePullProgressFeed PullProgress { get; } = new();

    public FakeLeaseEvents Events { get; } = new();

    public LeaseOptions Options { get; }

    public CatalogImage Image { get; }

    public LeaseService Service { get; }

    public LeaseProvisioner Provisioner { get; }

    public LeaseEndings Endings { get; }

    public LeaseIdling Idling { get; }

    public LeaseSweeper Sweeper { get; }

    public Task<Lease> ProvisionAsync(TimeSpan duration) =>
        Provisioner.ProvisionAsync(new ProvisionRequest(ImageType, duration, Owner));

    /// <summary>The stored lease; fails the test if there is none.</summary>
    public Lease Stored(LeaseId id) => Store.Find(id) ?? throw new InvalidOperationException($"The store has no lease {id}.");

    public Task<SweepReport> SweepAsync() => Sweeper.SweepAsync();

    /// <summary>The labels a container of lease <paramref name="id"/> carries, as <see cref="LeaseLabels.For"/> writes them.</summary>
    public static Dictionary<string, string> LabelsFor(
        LeaseId id, DateTimeOffset expiresAt, string installationId = InstallationId, string owner = "bob", string imageType = "redis")
    {
        var lease = new Lease
        {
            Id = id,
            ContainerId = string.Empty,
            ImageType = imageType,
            Owner = owner,
            CreatedAt = expiresAt,
            ExpiresAt = expiresAt,
        };
        return new Dictionary<string, string>(LeaseLabels.For(lease, installationId), StringComparer.Ordinal);
    }

    /// <summary>
    /// Puts a container with these labels on the fake engine, created <paramref name="age"/> before now, as an
    /// earlier run (or another installation) left it. The store knows nothing of it.
    /// </summary>
    public ManagedContainer Plant(IReadOnlyDictionary<string, string> labels, TimeSpan age)
    {
        var container = new ManagedContainer($"planted-{++_planted}", labels, Time.GetUtcNow() - age);
        Runtime.Plant(container);
        return container;
    }

    /// <summary>Plants a container of this installation for lease <paramref name="id"/>, which the store does not know.</summary>
    public ManagedContainer PlantFor(LeaseId id, DateTimeOffset expiresAt, TimeSpan age) => Plant(LabelsFor(id, expiresAt), age);

    /// <summary>Stores an active lease (version 1) created <paramref name="age"/> ago, for a container the engine may not have.</summary>
    public Lease SeedActive(string containerId, TimeSpan age, TimeSpan duration)
    {
        var createdAt = Time.GetUtcNow() - age;
        var lease = new Lease
        {
            Id = LeaseId.New(),
            ContainerId = containerId,
            ImageType = ImageType,
            Owner = Owner,
            CreatedAt = createdAt,
            ExpiresAt = createdAt + duration,
            Version = 1,
        };
        Store.Seed(lease);
        return lease;
    }
}
