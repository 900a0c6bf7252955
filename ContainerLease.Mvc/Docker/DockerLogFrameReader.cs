using System.Buffers.Binary;

namespace ContainerLease.Mvc.Docker;

/// <summary>
/// Reads a container's log as the engine sends it without a TTY, frame by frame: an 8-byte header
/// (the stream, 1 for stdout and 2 for stderr, then the payload's length, big-endian) and the
/// payload. Only the headers say where one log entry ends and the next begins, which a line
/// longer than 16 KB (several entries) needs; Docker.DotNet's demultiplexed stream hides them.
/// </summary>
internal sealed class DockerLogFrameReader(Stream stream)
{
    /// <summary>The engine's frames hold one entry of at most 16 KB and its time; anything far larger is no log frame.</summary>
    private const int MaxFrameBytes = 1024 * 1024;

    private readonly byte[] _header = new byte[8];
    // Most frames are a short line: start small and grow to the longest frame seen (a 16 KB piece at most).
    private byte[] _payload = new byte[1024];

    /// <summary>The next frame, or null where the stream ends (the container stopped and its log is read).</summary>
    public async Task<(bool Stderr, ReadOnlyMemory<byte> Payload)?> ReadAsync(CancellationToken ct)
    {
        var got = await stream.ReadAtLeastAsync(_header, _header.Length, throwOnEndOfStream: false, ct);
        if (got == 0)
        {
            return null;
        }

        if (got < _header.Length)
        {
            throw new EndOfStreamException("The engine's log stream ended inside a frame header.");
        }

        var length = BinaryPrimitives.ReadInt32BigEndian(_header.AsSpan(4));
        if (_header[0] is not (1 or 2) || length is < 0 or > MaxFrameBytes)
        {
            throw new IOException($"The engine's log stream has a frame of stream {_header[0]} and {length} bytes, which no log frame has.");
        }

        if (length > _payload.Length)
        {
            _payload = new byte[Math.Max(length, 2 * _payload.Length)];
        }

        await stream.ReadExactlyAsync(_payload.AsMemory(0, length), ct);
        return (_header[0] == 2, _payload.AsMemory(0, length));
    }
}
