namespace ContainerLease.Mvc.Docker;

/// <summary>
/// A file's bytes of a declared length, as <see cref="System.Formats.Tar.TarWriter"/> needs them:
/// it writes an entry's header, size included, before the data, and takes the size from a seekable
/// stream's <c>Length</c> and <c>Position</c>. This stream gives those two, is read forward once
/// and never seeks, and gives exactly the declared bytes, so a tar never says one size and holds
/// another. Each read tells <paramref name="progressed"/>, which keeps an idle timer from firing
/// while bytes still flow.
/// </summary>
internal sealed class UploadStream(Stream content, long length, Action progressed) : Stream
{
    private long _read;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position { get => _read; set => throw new NotSupportedException(); }

    /// <summary>Only read asynchronously: the body is a request's, and TarWriter's async path reads it so.</summary>
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var left = length - _read;
        if (left == 0 || buffer.Length == 0)
        {
            return 0;
        }

        var read = await content.ReadAsync(buffer[..(int)Math.Min(buffer.Length, left)], cancellationToken);
        if (read == 0)
        {
            throw new EndOfStreamException($"The file ended after {_read} of its {length} bytes.");
        }

        _read += read;
        progressed();
        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
