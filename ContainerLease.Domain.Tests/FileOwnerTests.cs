using ContainerLease.Domain.Files;

namespace ContainerLease.Domain.Tests;

public sealed class FileOwnerTests
{
    private const string Passwd = """
        root:x:0:0:root:/root:/bin/sh
        # a comment
        nobody:x:65534:65534:nobody:/nonexistent:/bin/false
        app:x:1000:1001::/home/app:/bin/sh
        """;

    private const string Groups = """
        root:x:0:
        nogroup:x:65534:
        staff:x:50:app
        """;

    [Theory]
    [InlineData(null, 0, 0)]
    [InlineData("", 0, 0)]
    [InlineData("65534:65534", 65534, 65534)]
    [InlineData("1000", 1000, 1001)]
    [InlineData("4242", 4242, 0)]
    [InlineData("app", 1000, 1001)]
    [InlineData("app:staff", 1000, 50)]
    [InlineData("app:7", 1000, 7)]
    [InlineData("nobody", 65534, 65534)]
    [InlineData("1000:nogroup", 1000, 65534)]
    public void Resolve_FindsTheUidAndGid_AsTheEngineDoesWhenItStartsTheProcess(string? user, int uid, int gid)
    {
        Assert.Equal(new FileOwner(uid, gid), FileOwner.Resolve(user, Passwd, Groups));
    }

    [Theory]
    [InlineData("ghost")]
    [InlineData("app:ghosts")]
    [InlineData("99999999999")]
    public void Resolve_IsNull_ForANameTheFilesDoNotHave(string user)
    {
        Assert.Null(FileOwner.Resolve(user, Passwd, Groups));
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("65534:65534", false)]
    [InlineData("1000", true)]
    [InlineData("app", true)]
    [InlineData("1000:staff", true)]
    public void NeedsUserDatabase_OnlyWhenANameOrAMissingGroupMustBeLookedUp(string? user, bool needs)
    {
        Assert.Equal(needs, FileOwner.NeedsUserDatabase(user));
    }
}
