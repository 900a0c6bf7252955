using ContainerLease.Domain.Catalog;
using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Policy;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ContainerLease.Tests.Domain.Fakes;

/// <summary>A <see cref="LeaseService"/> wired to the fakes, a fake clock and a one-image catalog.</summary>
public sealed class LeaseServiceHarness
{
    public const string ImageType = "python";
    public const string InstallationId = "test-install";
    public const string Owner = "alice";

    /// <summary>Whole milliseconds, so the service's truncation changes nothing unless a test wants it to.</summary>
    public static readonly DateTimeOffset Start = new(2025, 1, 6, 9, 0, 0, TimeSpan.Zero);

    public LeaseServiceHarness()
        : this(Start)
    {
    }

    public LeaseServiceHarness(DateTimeOffset start)
    {
        Time = new FakeTimeProvider(start);
        Runtime = new FakeContainerRuntime(Time);
        Options = new LeaseOptions
        {
            MinimumDuration = TimeSpan.FromMinutes(1),
            MaximumDuration = TimeSpan.FromHours(4),
            InstallationId = InstallationId,
        };
        Image = new CatalogImage { Image = "python:3.13-alpine", Command = ["sleep", "infinity"] };
        var catalog = new ImageCatalog(new CatalogOptions
        {
            Images = new Dictionary<string, CatalogImage>(StringComparer.Ordinal)
            {
                [ImageType] = Image,
                ["redis"] = new CatalogImage { Image = "redis:7-alpine" },
            },
        });
        Service = new LeaseService(
            catalog,
            new DurationPolicy(Options),
            Options,
            Runtime,
            Store,
            Scheduler,
            Time,
            NullLogger<LeaseService>.Instance);
    }

    public FakeTimeProvider Time { get; }

    public FakeContainerRuntime Runtime { get; }

    public FakeLeaseStore Store { get; } = new();

    public FakeExpiryScheduler Scheduler { get; } = new();

    public LeaseOptions Options { get; }

    public CatalogImage Image { get; }

    public LeaseService Service { get; }

    public Task<Lease> ProvisionAsync(TimeSpan duration) =>
        Service.ProvisionAsync(new ProvisionRequest(ImageType, duration, Owner));

    /// <summary>The stored lease; fails the test if there is none.</summary>
    public Lease Stored(LeaseId id) => Store.Find(id) ?? throw new InvalidOperationException($"The store has no lease {id}.");
}
