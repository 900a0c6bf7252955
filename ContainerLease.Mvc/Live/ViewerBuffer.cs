using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace ContainerLease.Mvc.Live;

/// <summary>
/// What one log viewer has not read yet, bounded in lines and in bytes: a viewer that never
/// reads costs at most <see cref="MaxBytes"/>, however long the container's lines.
/// </summary>
internal sealed class ViewerBuffer
{
    public const int MaxLines = 5_000;

    public const int MaxBytes = 1024 * 1024;

    /// <summary>How often a full buffer is looked at again while the reader waits for room.</summary>
    private static readonly TimeSpan Recheck = TimeSpan.FromMilliseconds(20);

    private readonly Channel<LogItem> _items = Channel.CreateBounded<LogItem>(new BoundedChannelOptions(MaxLines) { SingleReader = true, SingleWriter = true });
    private long _bytes;

    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Adds the item if it fits now; one item always fits an empty buffer, however large.</summary>
    public bool TryWrite(LogItem item)
    {
        var size = SizeOf(item);
        var held = Bytes;
        if ((held > 0 && held + size > MaxBytes) || !_items.Writer.TryWrite(item))
        {
            return false;
        }

        Interlocked.Add(ref _bytes, size);
        return true;
    }

    /// <summary>Adds the item once it fits, waiting at most <paramref name="patience"/>; false if it never did.</summary>
    public async Task<bool> TryWriteSoonAsync(LogItem item, TimeSpan patience, TimeProvider time, CancellationToken ct)
    {
        var giveUp = time.GetUtcNow() + patience;
        while (!TryWrite(item))
        {
            if (time.GetUtcNow() >= giveUp)
            {
                return false;
            }

            await Task.Delay(Recheck, time, ct);
        }

        return true;
    }

    public void Complete(Exception? error = null) => _items.Writer.TryComplete(error);

    public async IAsyncEnumerable<LogItem> ReadAllAsync([EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var item in _items.Reader.ReadAllAsync(ct))
        {
            Interlocked.Add(ref _bytes, -SizeOf(item));
            yield return item;
        }
    }

    /// <summary>Roughly what the item holds in memory: its strings are UTF-16.</summary>
    private static long SizeOf(LogItem item) => 2L * (item.Message.Length + item.Timestamp.Length) + 64;
}
