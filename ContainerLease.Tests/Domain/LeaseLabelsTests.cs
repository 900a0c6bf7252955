using ContainerLease.Domain.Leases;

namespace ContainerLease.Tests.Domain;

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
}
