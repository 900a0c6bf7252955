using ContainerLease.Domain.Leases;

namespace ContainerLease.Domain.Tests;

public sealed class LeaseTests
{
    private static readonly DateTimeOffset Created = new(2025, 1, 6, 9, 0, 0, TimeSpan.Zero);

    private static readonly Lease Active = new()
    {
        Id = LeaseId.New(),
        ContainerId = "c1",
        ImageType = "python",
        Owner = "alice",
        CreatedAt = Created,
        ExpiresAt = Created.AddHours(1),
        Version = 3,
    };

    [Fact]
    public void RemainingAt_IsTimeToExpiry_WhenActiveAndNotDue()
    {
        Assert.Equal(TimeSpan.FromMinutes(45), Active.RemainingAt(Created.AddMinutes(15)));
    }

    [Fact]
    public void RemainingAt_IsZero_WhenPastExpiry()
    {
        Assert.Equal(TimeSpan.Zero, Active.RemainingAt(Created.AddHours(2)));
    }

    [Fact]
    public void RemainingAt_IsZero_WhenNotActive()
    {
        Assert.Equal(TimeSpan.Zero, Active.BeginEnding(EndReason.Terminated).RemainingAt(Created));
    }

    [Fact]
    public void BeginEnding_SetsEndingAndReasonKeepingVersion_WhenCalled()
    {
        var ending = Active.BeginEnding(EndReason.Expired);

        Assert.Equal(LeaseStatus.Ending, ending.Status);
        Assert.Equal(EndReason.Expired, ending.EndReason);
        Assert.Null(ending.EndedAt);
        Assert.Equal(3, ending.Version);
        Assert.Equal(LeaseStatus.Active, Active.Status);
    }

    [Fact]
    public void Finish_SetsEndedAndTime_WhenCalled()
    {
        var at = Created.AddMinutes(30);

        var ended = Active.BeginEnding(EndReason.Terminated).Finish(at);

        Assert.Equal(LeaseStatus.Ended, ended.Status);
        Assert.Equal(EndReason.Terminated, ended.EndReason);
        Assert.Equal(at, ended.EndedAt);
    }
}
