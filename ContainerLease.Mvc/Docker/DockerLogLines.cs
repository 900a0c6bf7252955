using System.Globalization;
using System.Text;
using ContainerLease.Domain.Logs;

namespace ContainerLease.Mvc.Docker;

/// <summary>
/// Turns the engine's multiplexed log frames into lines. Frames split lines (and UTF-8 characters)
/// anywhere, so each stream keeps its own decoder and partial line. With timestamps on, every line
/// starts with the engine's RFC 3339 nanosecond time and a space.
/// </summary>
internal sealed class DockerLogLines
{
    private readonly Part _out = new(LogLine.StdOut);
    private readonly Part _err = new(LogLine.StdErr);

    public IEnumerable<LogLine> Add(bool stderr, ReadOnlySpan<byte> bytes) => (stderr ? _err : _out).Add(bytes);

    public IEnumerable<LogLine> Flush() => [.. _out.Flush(), .. _err.Flush()];

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

    /// <summary>A line longer than this is cut, so output without newlines cannot grow a buffer without end.</summary>
    private const int MaxLineChars = 16 * 1024;

    private sealed class Part(string stream)
    {
        private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
        private readonly StringBuilder _pending = new();

        public List<LogLine> Add(ReadOnlySpan<byte> bytes)
        {
            var chars = new char[Encoding.UTF8.GetMaxCharCount(bytes.Length)];
            var count = _decoder.GetChars(bytes, chars, flush: false);
            var lines = new List<LogLine>();
            foreach (var c in chars.AsSpan(0, count))
            {
                if (c == '\n')
                {
                    lines.Add(ToLine(_pending.ToString()));
                    _pending.Clear();
                }
                else
                {
                    _pending.Append(c);
                    if (_pending.Length >= MaxLineChars)
                    {
                        lines.Add(ToLine(_pending.ToString()));
                        _pending.Clear();
                    }
                }
            }

            return lines;
        }

        public List<LogLine> Flush()
        {
            if (_pending.Length == 0)
            {
                return [];
            }

            var line = ToLine(_pending.ToString());
            _pending.Clear();
            return [line];
        }

        private LogLine ToLine(string raw)
        {
            var text = raw.TrimEnd('\r');
            var space = text.IndexOf(' ', StringComparison.Ordinal);
            return space > 0 ? new LogLine(text[..space], stream, text[(space + 1)..]) : new LogLine(text, stream, string.Empty);
        }
    }
}
