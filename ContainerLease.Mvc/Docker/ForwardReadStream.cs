namespace ContainerLease.Mvc.Docker;

/// <summary>
/// A stream read forward from the engine's archive answer. It answers a read of no bytes itself:
/// Docker.DotNet's chunked reader takes one, in the middle of a chunk, for the end of the
/// connection and throws, and <see cref="System.Formats.Tar.TarReader"/>'s entry stream asks for
/// no bytes once its entry is read. Disposing it disposes <paramref name="owner"/> too (the tar
/// reader whose entry it is), which ends the engine's answer.
/// </summary>
internal sealed class ForwardReadStream(Stream inner, IDisposable? owner = null) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => count == 0 ? 0 : inner.Read(buffer, offset, count);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        buffer.IsEmpty ? ValueTask.FromResult(0) : inner.ReadAsync(buffer, cancellationToken);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            owner?.Dispose();
        }

        base.Dispose(disposing);
    }
}
