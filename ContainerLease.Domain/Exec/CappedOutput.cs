using System.Buffers;
using System.Text;
using ContainerLease.Domain.Ports;

namespace ContainerLease.Domain.Exec;

/// <summary>
/// A command's stdout and stderr for one answer, each kept up to a number of bytes. Past it the
/// output is still read (a command blocked on a full pipe would only run into its timeout) but dropped.
/// </summary>
internal sealed class CappedOutput(int maxBytes)
{
    private readonly ArrayBufferWriter<byte> _stdout = new();
    private readonly ArrayBufferWriter<byte> _stderr = new();

    public bool Truncated { get; private set; }

    public string Stdout => Text(_stdout);

    public string Stderr => Text(_stderr);

    public ValueTask AddAsync(ExecOutput output, CancellationToken ct)
    {
        var into = output.IsStderr ? _stderr : _stdout;
        var room = maxBytes - into.WrittenCount;
        if (output.Data.Length > room)
        {
            Truncated = true;
        }

        into.Write(output.Data.Span[..Math.Min(room, output.Data.Length)]);
        return ValueTask.CompletedTask;
    }

    /// <summary>Output cut at the cap may end inside a character: those bytes are left out rather than shown as garbage.</summary>
    private string Text(ArrayBufferWriter<byte> bytes)
    {
        var cut = Truncated && bytes.WrittenCount == maxBytes;
        var decoder = Encoding.UTF8.GetDecoder();
        var chars = new char[decoder.GetCharCount(bytes.WrittenSpan, flush: !cut)];
        decoder.GetChars(bytes.WrittenSpan, chars, flush: !cut);
        return new string(chars);
    }
}
