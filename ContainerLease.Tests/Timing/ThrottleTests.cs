using ContainerLease.Mvc.Timing;
using Microsoft.Extensions.Time.Testing;

namespace ContainerLease.Tests.Timing;

public sealed class ThrottleTests
{
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(250);

    [Fact]
    public void TryPass_PassesTheFirstCall_ThenNoneUntilTheIntervalHasRun()
    {
        var time = new FakeTimeProvider();
        var throttle = new Throttle(Every, time);

        Assert.True(throttle.TryPass());
        Assert.False(throttle.TryPass());
        time.Advance(Every - TimeSpan.FromMilliseconds(1));
        Assert.False(throttle.TryPass());
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(throttle.TryPass());
        Assert.False(throttle.TryPass());
    }

    [Fact]
    public async Task TryPass_PassesOneOfManyRacingCalls()
    {
        var throttle = new Throttle(TimeSpan.FromHours(1), new FakeTimeProvider());
        var passed = 0;

        await Parallel.ForAsync(0, 1000, (_, _) =>
        {
            if (throttle.TryPass())
            {
                Interlocked.Increment(ref passed);
            }

            return ValueTask.CompletedTask;
        });

        Assert.Equal(1, passed);
    }
}
