using System.Text;
using ContainerLease.Mvc.Docker;

namespace ContainerLease.Tests.Docker;

public sealed class DockerLogLinesTests
{
    private const int Cap = 64 * 1024;

    [Fact]
    public void Frame_IsOneLine_PerStream()
    {
        var lines = new DockerLogLines(Cap);

        var out1 = lines.Frame(false, Bytes("2026-01-01T00:00:01.000000001Z héllo\n"));
        var err = lines.Frame(true, Bytes("2026-01-01T00:00:01.500000000Z oops\r\n"));

        Assert.Equal(("2026-01-01T00:00:01.000000001Z", "stdout", "héllo"), (out1!.Timestamp, out1.Stream, out1.Message));
        Assert.Equal(("2026-01-01T00:00:01.500000000Z", "stderr", "oops"), (err!.Timestamp, err.Stream, err.Message));
        Assert.Empty(lines.Flush());
    }

    [Fact]
    public void PiecesOfALongLine_AreJoinedUnderTheFirstPiecesTime_EvenWhenTextLooksLikeATimeOrAPieceSplitsACharacter()
    {
        var lines = new DockerLogLines(Cap);
        var text = new string('A', (16 * 1024) - 1) + "é" + "2026-01-01T00:00:03Z looks like a time";
        var bytes = Bytes(text);
        var cut = 16 * 1024; // the engine cuts at a byte count: here inside the two bytes of 'é'

        Assert.Null(lines.Frame(false, [.. Bytes("2026-01-01T00:00:01Z "), .. bytes.AsSpan(0, cut)]));
        var between = lines.Frame(true, Bytes("2026-01-01T00:00:01.2Z a stderr line in between\n"));
        var whole = lines.Frame(false, [.. Bytes("2026-01-01T00:00:02Z "), .. bytes.AsSpan(cut), .. Bytes("\n")]);

        Assert.Equal("a stderr line in between", between!.Message);
        Assert.Equal(("2026-01-01T00:00:01Z", text), (whole!.Timestamp, whole.Message));
    }

    [Fact]
    public void ALineLongerThanTheCap_IsCutAtACharacter_AndSaysSo()
    {
        var lines = new DockerLogLines(1024);
        var piece = Encoding.UTF8.GetBytes(new string('é', 600)); // 1,200 bytes

        Assert.Null(lines.Frame(false, [.. Bytes("2026-01-01T00:00:01Z "), .. piece]));
        var line = lines.Frame(false, [.. Bytes("2026-01-01T00:00:02Z "), .. piece, .. Bytes("\n")]);

        Assert.Equal(new string('é', 512) + DockerLogLines.CutMarker(1024), line!.Message);
        Assert.Equal("2026-01-01T00:00:03Z", lines.Frame(false, Bytes("2026-01-01T00:00:03Z next\n"))!.Timestamp);
    }

    [Fact]
    public void Flush_ReturnsALastLineWithoutNewline()
    {
        var lines = new DockerLogLines(Cap);
        Assert.Null(lines.Frame(false, Bytes("2026-01-01T00:00:01Z tail")));

        Assert.Equal("tail", Assert.Single(lines.Flush()).Message);
    }

    [Fact]
    public async Task FrameReader_ReadsHeadersAndPayloads_AndEndsCleanlyOnlyAtAFrameBoundary()
    {
        byte[] Frame(byte stream, string text)
        {
            var payload = Bytes(text);
            return [stream, 0, 0, 0, (byte)(payload.Length >> 24), (byte)(payload.Length >> 16), (byte)(payload.Length >> 8), (byte)payload.Length, .. payload];
        }

        var reader = new DockerLogFrameReader(new MemoryStream([.. Frame(1, "2026-01-01T00:00:01Z a\n"), .. Frame(2, "2026-01-01T00:00:02Z b\n")]));
        var first = await reader.ReadAsync(CancellationToken.None);
        Assert.Equal((false, "2026-01-01T00:00:01Z a\n"), (first!.Value.Stderr, Encoding.UTF8.GetString(first.Value.Payload.Span)));
        Assert.True((await reader.ReadAsync(CancellationToken.None))!.Value.Stderr);
        Assert.Null(await reader.ReadAsync(CancellationToken.None));

        var torn = new DockerLogFrameReader(new MemoryStream([1, 0, 0]));
        await Assert.ThrowsAsync<EndOfStreamException>(() => torn.ReadAsync(CancellationToken.None));
        var foreign = new DockerLogFrameReader(new MemoryStream([7, 0, 0, 0, 0, 0, 0, 1, 65]));
        await Assert.ThrowsAsync<IOException>(() => foreign.ReadAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData("2026-01-01T00:00:01.000000001Z", "1767225600")]
    [InlineData("2026-01-01T00:00:01Z", "1767225600")]
    [InlineData("0001-01-01T00:00:00Z", "0")]
    [InlineData("1970-01-01T00:00:00Z", "0")]
    public void SinceParameter_AsksTheEngineFromTheSecondBefore_NeverBefore1970(string timestamp, string expected) =>
        Assert.Equal(expected, DockerLogLines.SinceParameter(timestamp));

    [Theory]
    [InlineData("2026-01-01T00:00:01.7301234Z", "2026-01-01T00:00:01.73012345Z", true)]
    [InlineData("2026-01-01T00:00:01.73012345Z", "2026-01-01T00:00:01.7301234Z", false)]
    [InlineData("2026-01-01T00:00:01.5Z", "2026-01-01T00:00:01.500000000Z", false)]
    [InlineData("2026-01-01T00:00:00.999999999Z", "2026-01-01T00:00:01Z", true)]
    public void IsBefore_ComparesToTheNanosecond_WhateverTheDigits(string timestamp, string since, bool before) =>
        Assert.Equal(before, DockerLogLines.IsBefore(timestamp, since));

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
