using ContainerLease.Mvc.Docker;

namespace ContainerLease.Tests.Docker;

public sealed class ImageNamesTests
{
    private const string Digest = "sha256:4f5e6d7c8b9a4f5e6d7c8b9a4f5e6d7c8b9a4f5e6d7c8b9a4f5e6d7c8b9a0123";

    [Theory]
    [InlineData("busybox", "busybox", "latest")]
    [InlineData("busybox:1.36", "busybox", "1.36")]
    [InlineData("127.0.0.1:5000/cl/busybox", "127.0.0.1:5000/cl/busybox", "latest")]
    [InlineData("127.0.0.1:5000/cl/busybox:abc", "127.0.0.1:5000/cl/busybox", "abc")]
    [InlineData("127.0.0.1:5000/cl/busybox@" + Digest, "127.0.0.1:5000/cl/busybox", Digest)]
    public void Split_GivesTheRepository_AndTheTagOrDigestToPull(string image, string repository, string tagOrDigest)
    {
        Assert.Equal((repository, tagOrDigest), ImageNames.Split(image));
    }

    [Fact]
    public void DigestFor_TakesTheImagesOwnRepository_ThenAnyOther_ThenNone()
    {
        string[] digests = ["other.example/x@sha256:aaa", "127.0.0.1:5000/cl/busybox@sha256:bbb"];

        Assert.Equal("sha256:bbb", ImageNames.DigestFor("127.0.0.1:5000/cl/busybox:1", digests));
        Assert.Equal("sha256:aaa", ImageNames.DigestFor("containerlease/busybox:1.35", digests));
        Assert.Null(ImageNames.DigestFor("containerlease/busybox:1.35", []));
        Assert.Null(ImageNames.DigestFor("containerlease/busybox:1.35", null));
    }

    [Fact]
    public void IsPinned_OnlyForADigest()
    {
        Assert.True(ImageNames.IsPinned("busybox@" + Digest));
        Assert.False(ImageNames.IsPinned("127.0.0.1:5000/busybox:1"));
    }
}
