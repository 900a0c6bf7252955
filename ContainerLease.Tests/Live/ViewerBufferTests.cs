using ContainerLease.Mvc.Live;

namespace ContainerLease.Tests.Live;

/// <summary>A viewer that never reads holds at most about a megabyte, however long the lines.</summary>
public sealed class ViewerBufferTests
{
    private static readonly LogItem Line64K = new("2026-01-01T00:00:01Z", "stdout", "info", new string('a', 64 * 1024));

    [Fact]
    public async Task AViewerThatNeverReads_HoldsAtMostTheByteBudget_AndReadingMakesRoom()
    {
        var buffer = new ViewerBuffer();
        var written = 0;
        while (buffer.TryWrite(Line64K))
        {
            written++;
        }

        Assert.InRange(buffer.Bytes, ViewerBuffer.MaxBytes - (2 * 64 * 1024), ViewerBuffer.MaxBytes);
        Assert.Equal(7, written); // 128 KB each in memory: far fewer than the 5,000 lines the buffer would hold of short ones
        Assert.False(await buffer.TryWriteSoonAsync(Line64K, TimeSpan.FromMilliseconds(100), TimeProvider.System, CancellationToken.None));

        await using var reading = buffer.ReadAllAsync(CancellationToken.None).GetAsyncEnumerator();
        Assert.True(await reading.MoveNextAsync());
        Assert.True(buffer.TryWrite(Line64K));
    }

    [Fact]
    public void OneLineLargerThanTheBudget_StillFitsAnEmptyBuffer()
    {
        var buffer = new ViewerBuffer();
        var huge = Line64K with { Message = new string('a', ViewerBuffer.MaxBytes) };

        Assert.True(buffer.TryWrite(huge));
        Assert.False(buffer.TryWrite(Line64K));
    }
}
