using ContainerLease.Mvc.Docker;

namespace ContainerLease.Tests.Docker;

public sealed class RemovalsFirstTests
{
    [Fact]
    public async Task ACreation_WaitsWhileAnyRemovalIsUnderWay()
    {
        var removalsFirst = new RemovalsFirst();
        Assert.True(removalsFirst.WhenNoRemovalAsync(CancellationToken.None).IsCompletedSuccessfully);

        var first = removalsFirst.BeginRemoval();
        var second = removalsFirst.BeginRemoval();
        var creation = removalsFirst.WhenNoRemovalAsync(CancellationToken.None);
        first.Dispose();
        Assert.False(creation.IsCompleted);

        second.Dispose();
        await creation.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(removalsFirst.WhenNoRemovalAsync(CancellationToken.None).IsCompletedSuccessfully);
    }

    [Fact]
    public async Task AWaitingCreation_CanBeCancelled()
    {
        var removalsFirst = new RemovalsFirst();
        using var removal = removalsFirst.BeginRemoval();
        using var cancel = new CancellationTokenSource();

        var creation = removalsFirst.WhenNoRemovalAsync(cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => creation);
    }
}
