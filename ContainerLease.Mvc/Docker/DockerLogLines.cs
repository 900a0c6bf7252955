using System.Buffers;
using System.Globalization;
using System.Text;
using ContainerLease.Domain.Logs;

namespace ContainerLease.Mvc.Docker;

/// <summary>
/// Turns the engine's log frames into lines. With timestamps on, each frame is one entry of one
/// stream: the engine's RFC 3339 nanosecond time, a space, and the text, ending in a newline. A
/// line longer than 16 KB is stored by the engine in 16 KB pieces, each its own frame with its own
/// time and no newline but the last's: the pieces are joined into one line stamped with the first
/// piece's time, up to <c>maxLineBytes</c>; the rest is dropped and the line says it was cut.
/// </summary>
internal sealed class DockerLogLines(int maxLineBytes)
{
    private readonly Pending _out = new(LogLine.StdOut, maxLineBytes);
    private readonly Pending _err = new(LogLine.StdErr, maxLineBytes);

    /// <summary>What a cut line ends with, so that a reader knows the rest is missing.</summary>
    public static string CutMarker(int maxLineBytes) =>
        string.Create(CultureInfo.InvariantCulture, $" … [cut: the line was longer than {maxLineBytes / 1024} KB]");

    /// <summary>One frame's payload; the line it completes, if it completes one.</summary>
    public LogLine? Frame(bool stderr, ReadOnlySpan<byte> payload) => (stderr ? _err : _out).Add(payload);

    /// <summary>Lines still open when the stream ended (the container stopped in the middle of one).</summary>
    public IEnumerable<LogLine> Flush() => new[] { _out.Flush(), _err.Flush() }.OfType<LogLine>();

    /// <summary>
    /// What to ask the engine for: the second before <paramref name="timestamp"/>, as Unix seconds.
    /// The exact, inclusive cut is then made here (<see cref="IsBefore"/>), so it does not depend on
    /// how an engine version rounds or compares its own <c>since</c>. Never before 1970: 0 is the
    /// engine's own "from the start", and it refuses a negative time.
    /// </summary>
    public static string SinceParameter(string timestamp) =>
        Math.Max(0, Parse(timestamp).Seconds - 1).ToString(CultureInfo.InvariantCulture);

    /// <summary>Whether <paramref name="timestamp"/> is earlier than <paramref name="since"/>, to the nanosecond.</summary>
    public static bool IsBefore(string timestamp, string since) => Parse(timestamp).CompareTo(Parse(since)) < 0;

    /// <summary>RFC 3339 with up to nine fractional digits (the engine drops trailing zeros) as (Unix seconds, nanoseconds).</summary>
    private static (long Seconds, int Nanos) Parse(string timestamp)
    {
        var dot = timestamp.IndexOf('.', StringComparison.Ordinal);
        var whole = dot < 0 ? timestamp.TrimEnd('Z') : timestamp[..dot];
        var fraction = dot < 0 ? string.Empty : timestamp[(dot + 1)..].TrimEnd('Z');
        var seconds = DateTimeOffset.Parse(whole + "Z", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUnixTimeSeconds();
        var nanos = fraction.Length == 0 ? 0 : int.Parse(fraction.PadRight(9, '0')[..9], CultureInfo.InvariantCulture);
        return (seconds, nanos);
    }

    /// <summary>One stream's line under way: its first piece's time and its bytes so far, at most the cap.</summary>
    private sealed class Pending(string stream, int maxLineBytes)
    {
        private readonly ArrayBufferWriter<byte> _bytes = new();
        private string? _timestamp;
        private string _lastTimestamp = "1970-01-01T00:00:00Z";
        private bool _cut;

        public LogLine? Add(ReadOnlySpan<byte> payload)
        {
            var space = payload.IndexOf((byte)' ');
            var text = payload;
            if (space > 0 && IsEngineTime(payload[..space]))
            {
                _lastTimestamp = Encoding.ASCII.GetString(payload[..space]);
                text = payload[(space + 1)..];
            }

            // A frame without a time of its own (never seen from the engine) continues the line, or starts one at the last time.
            _timestamp ??= _lastTimestamp;
            var complete = text.Length > 0 && text[^1] == (byte)'\n';
            Append(complete ? text[..^1] : text);
            return complete ? Take() : null;
        }

        public LogLine? Flush() => _timestamp is null ? null : Take();

        /// <summary>
        /// The shape of the engine's own RFC 3339 time (<c>2026-01-01T00:00:01.123456789Z</c>), checked on
        /// the bytes: every line passes here, and the engine's times need no full parse to be told apart.
        /// </summary>
        private static bool IsEngineTime(ReadOnlySpan<byte> stamp) =>
            stamp.Length is >= 20 and <= 30 && stamp[4] == (byte)'-' && stamp[7] == (byte)'-' && stamp[10] == (byte)'T'
            && stamp[13] == (byte)':' && stamp[16] == (byte)':' && stamp[^1] == (byte)'Z' && char.IsAsciiDigit((char)stamp[0]);

        private void Append(ReadOnlySpan<byte> text)
        {
            var room = maxLineBytes - _bytes.WrittenCount;
            if (text.Length <= room)
            {
                _bytes.Write(text);
                return;
            }

            // Cut where a character starts, so the kept part decodes whole.
            var keep = Math.Max(0, room);
            while (keep > 0 && (text[keep] & 0xC0) == 0x80)
            {
                keep--;
            }

            _bytes.Write(text[..keep]);
            _cut = true;
        }

        private LogLine Take()
        {
            var message = Encoding.UTF8.GetString(_bytes.WrittenSpan).TrimEnd('\r');
            if (_cut)
            {
                message += CutMarker(maxLineBytes);
            }

            var line = new LogLine(_timestamp!, stream, message);
            _bytes.ResetWrittenCount();
            _timestamp = null;
            _cut = false;
            return line;
        }
    }
}
