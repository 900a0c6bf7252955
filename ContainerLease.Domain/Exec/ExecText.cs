using System.Text;
using ContainerLease.Domain.Ports;

namespace ContainerLease.Domain.Exec;

/// <summary>
/// A streamed command's output as text: one decoder per stream keeps the bytes of a character
/// that the engine split across two reads until the rest arrives, so each item holds whole characters.
/// </summary>
internal sealed class ExecText
{
    private readonly Decoder _stdout = Encoding.UTF8.GetDecoder();
    private readonly Decoder _stderr = Encoding.UTF8.GetDecoder();

    /// <summary>The item for this piece, or null when it held only the start of a character.</summary>
    public ExecItem? Decode(ExecOutput output) => Item(output.IsStderr, output.Data.Span, flush: false);

    /// <summary>What is left of a character cut off at the end of the output (shown as U+FFFD, as a terminal would).</summary>
    public IEnumerable<ExecItem> Flush() =>
        new[] { Item(false, [], flush: true), Item(true, [], flush: true) }.OfType<ExecItem>();

    private ExecItem? Item(bool stderr, ReadOnlySpan<byte> bytes, bool flush)
    {
        var decoder = stderr ? _stderr : _stdout;
        var chars = new char[decoder.GetCharCount(bytes, flush)];
        var count = decoder.GetChars(bytes, chars, flush);
        return count == 0 ? null : ExecItem.Output(stderr, new string(chars, 0, count));
    }
}
