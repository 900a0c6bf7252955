using System.Globalization;
using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Ports;

namespace ContainerLease.Domain.Tests;

public sealed class LeaseLabelsTests
{
    private static Lease LeaseExpiringAt(DateTimeOffset expiresAt) => new()
    {
        Id = LeaseId.Parse("0123456789abcdef0123456789abcdef"),
        ContainerId = "c1",
        ImageType = "python",
        Owner = "alice",
        CreatedAt = expiresAt.AddHours(-1),
        ExpiresAt = expiresAt,
    };

    [Fact]
    public void For_HasAllSixLabelsWithTheirValues_ForALease()
    {
        var lease = LeaseExpiringAt(new DateTimeOffset(2025, 1, 6, 10, 0, 0, TimeSpan.Zero));

        var labels = LeaseLabels.For(lease, "ci-42");

        Assert.Equal(6, labels.Count);
        Assert.Equal("true", labels["containerlease.managed"]);
        Assert.Equal("0123456789abcdef0123456789abcdef", labels["containerlease.lease-id"]);
        Assert.Equal("2025-01-06T10:00:00.000Z", labels["containerlease.expires-at"]);
        Assert.Equal("alice", labels["containerlease.owner"]);
        Assert.Equal("python", labels["containerlease.image-type"]);
        Assert.Equal("ci-42", labels["containerlease.installation"]);
    }

    [Fact]
    public void For_WritesExpiresAtInUtcWithMillisecondsAndZ_WhenExpiryHasAnOffset()
    {
        var lease = LeaseExpiringAt(new DateTimeOffset(2025, 3, 4, 14, 5, 6, 789, TimeSpan.FromHours(2)));

        var labels = LeaseLabels.For(lease, "default");

        Assert.Equal("2025-03-04T12:05:06.789Z", labels[LeaseLabels.ExpiresAt]);
    }

    [Fact]
    public void For_WritesExpiresAtThatRoundTrips_WhenParsedBack()
    {
        var expiresAt = new DateTimeOffset(2025, 12, 31, 23, 59, 59, 7, TimeSpan.FromHours(-5));

        var text = LeaseLabels.For(LeaseExpiringAt(expiresAt), "default")[LeaseLabels.ExpiresAt];

        Assert.Equal(expiresAt, DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("2026-01-01T04:59:59.007Z", text);
    }

    private static readonly DateTimeOffset Created = new(2025, 1, 6, 9, 0, 0, TimeSpan.Zero);

    private static readonly DateTimeOffset SweptAt = new(2025, 1, 6, 9, 20, 0, 123, TimeSpan.Zero);

    private static Dictionary<string, string> ValidLabels() => new(LeaseLabels.For(LeaseExpiringAt(Created.AddHours(1)), "default"), StringComparer.Ordinal);

    [Fact]
    public void ToLease_RebuildsTheLeaseAsAdopted_WhenLabelsComeFromFor()
    {
        var lease = new Lease
        {
            Id = LeaseId.New(),
            ContainerId = "ignored",
            ImageType = "redis",
            Owner = "bob@example.com",
            CreatedAt = Created,
            ExpiresAt = new DateTimeOffset(2025, 1, 6, 12, 34, 56, 789, TimeSpan.FromHours(2)),
            Status = LeaseStatus.Ending,
            Version = 7,
        };
        var container = new ManagedContainer("c-42", LeaseLabels.For(lease, "ci-42"), Created.AddSeconds(3));

        var rebuilt = LeaseLabels.ToLease(container, SweptAt);

        Assert.NotNull(rebuilt);
        Assert.Equal(lease.Id, rebuilt.Id);
        Assert.Equal("c-42", rebuilt.ContainerId);
        Assert.Equal("redis", rebuilt.ImageType);
        Assert.Equal("bob@example.com", rebuilt.Owner);
        Assert.Equal(lease.ExpiresAt, rebuilt.ExpiresAt);
        Assert.Equal(TimeSpan.Zero, rebuilt.ExpiresAt.Offset);
        Assert.Equal(Created.AddSeconds(3), rebuilt.CreatedAt);
        Assert.Equal(LeaseStatus.Active, rebuilt.Status);
        Assert.Null(rebuilt.EndReason);
        Assert.Null(rebuilt.EndedAt);
        Assert.Equal(0, rebuilt.Version);
        var entry = Assert.Single(rebuilt.History);
        Assert.Equal(LeaseEvent.Adopted, entry.Kind);
        Assert.Equal(SweptAt, entry.At);
    }

    [Fact]
    public void For_WritesTheSameLabels_WhenGivenTheLeaseToLeaseRebuilt()
    {
        var labels = ValidLabels();
        var rebuilt = LeaseLabels.ToLease(new ManagedContainer("c1", labels, Created), SweptAt);

        Assert.NotNull(rebuilt);
        Assert.Equal(labels, LeaseLabels.For(rebuilt, "default"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-lease-id")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("0123456789abcdef0123456789abcde")]
    [InlineData("0123456789abcdef0123456789abcdef0")]
    [InlineData("0123456789abcdef0123456789abcdeg")]
    public void ToLease_ReturnsNull_WhenTheLeaseIdLabelIsMissingOrInvalid(string? leaseId)
    {
        var labels = ValidLabels();
        labels.Remove(LeaseLabels.LeaseId);
        if (leaseId is not null)
        {
            labels[LeaseLabels.LeaseId] = leaseId;
        }

        Assert.Null(LeaseLabels.ToLease(new ManagedContainer("c1", labels, Created), SweptAt));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("2025-13-40T00:00:00.000Z")]
    public void ToLease_ReturnsNull_WhenTheExpiresAtLabelIsMissingOrUnparsable(string? expiresAt)
    {
        var labels = ValidLabels();
        labels.Remove(LeaseLabels.ExpiresAt);
        if (expiresAt is not null)
        {
            labels[LeaseLabels.ExpiresAt] = expiresAt;
        }

        Assert.Null(LeaseLabels.ToLease(new ManagedContainer("c1", labels, Created), SweptAt));
    }

    [Fact]
    public void ToLease_ReadsTheExpiryAsUtc_WhenTheLabelHasNoZone()
    {
        var labels = ValidLabels();
        labels[LeaseLabels.ExpiresAt] = "2025-01-06T10:15:00";

        var rebuilt = LeaseLabels.ToLease(new ManagedContainer("c1", labels, Created), SweptAt);

        Assert.NotNull(rebuilt);
        Assert.Equal(DateTimeOffset.Parse("2025-01-06T10:15:00Z", CultureInfo.InvariantCulture), rebuilt.ExpiresAt);
    }

    [Fact]
    public void ToLease_UsesUnknown_WhenTheOwnerAndImageTypeLabelsAreMissing()
    {
        var labels = ValidLabels();
        labels.Remove(LeaseLabels.Owner);
        labels.Remove(LeaseLabels.ImageType);

        var rebuilt = LeaseLabels.ToLease(new ManagedContainer("c1", labels, Created), SweptAt);

        Assert.NotNull(rebuilt);
        Assert.Equal("unknown", rebuilt.Owner);
        Assert.Equal("unknown", rebuilt.ImageType);
    }
}
