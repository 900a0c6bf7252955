using System.Text;
using ContainerLease.Mvc.Docker;

namespace ContainerLease.Tests.Docker;

public sealed class DockerLogLinesTests
{
    [Fact]
    public void Add_JoinsLinesAndCharactersSplitAcrossFrames_PerStream()
    {
        var lines = new DockerLogLines();
        var bytes = Encoding.UTF8.GetBytes("2026-01-01T00:00:01.000000001Z héllo\n2026-01-01T00:00:02.000000002Z wor");
        var cut = Array.IndexOf(bytes, (byte)0xC3) + 1; // inside the two bytes of 'é'

        var first = lines.Add(false, bytes.AsSpan(0, cut)).ToList();
        var err = lines.Add(true, Encoding.UTF8.GetBytes("2026-01-01T00:00:01.500000000Z oops\n")).ToList();
        var second = lines.Add(false, bytes.AsSpan(cut)).ToList();
        var third = lines.Add(false, Encoding.UTF8.GetBytes("ld\n")).ToList();

        Assert.Empty(first);
        Assert.Equal(("2026-01-01T00:00:01.500000000Z", "stderr", "oops"), (err[0].Timestamp, err[0].Stream, err[0].Message));
        Assert.Equal(("2026-01-01T00:00:01.000000001Z", "stdout", "héllo"), (second[0].Timestamp, second[0].Stream, second[0].Message));
        Assert.Equal("world", third[0].Message);
        Assert.Empty(lines.Flush());
    }

    [Fact]
    public void Flush_ReturnsALastLineWithoutNewline()
    {
        var lines = new DockerLogLines();
        Assert.Empty(lines.Add(false, Encoding.UTF8.GetBytes("2026-01-01T00:00:01Z tail")));

        Assert.Equal("tail", Assert.Single(lines.Flush()).Message);
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
}
