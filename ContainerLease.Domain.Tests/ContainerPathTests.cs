using ContainerLease.Domain.Errors;
using ContainerLease.Domain.Files;

namespace ContainerLease.Domain.Tests;

public sealed class ContainerPathTests
{
    [Theory]
    [InlineData("/tmp/data.csv", "/tmp/data.csv", "data.csv")]
    [InlineData("//tmp///made/./data.csv", "/tmp/made/data.csv", "data.csv")]
    [InlineData("/tmp/folder/", "/tmp/folder", "folder")]
    [InlineData("/", "/", "/")]
    [InlineData("/tmp/héllo ✓ 漢字.txt", "/tmp/héllo ✓ 漢字.txt", "héllo ✓ 漢字.txt")]
    public void Parse_KeepsTheSegments_WithoutDotsOrDoubledSlashes(string text, string value, string name)
    {
        var path = ContainerPath.Parse(text);

        Assert.Equal(value, path.Value);
        Assert.Equal(name, path.Name);
    }

    [Theory]
    [InlineData(null, "required")]
    [InlineData("", "required")]
    [InlineData("   ", "required")]
    [InlineData("tmp/data.csv", "absolute")]
    [InlineData("./data.csv", "absolute")]
    [InlineData("/tmp/../etc/passwd", "'..'")]
    [InlineData("/..", "'..'")]
    [InlineData("/tmp/a\nb", "control characters")]
    [InlineData("/tmp/a\0b", "control characters")]
    public void Parse_RefusesEmptyRelativeDotDotAndControlCharacters_NamingThePathField(string? text, string why)
    {
        var error = Assert.Throws<LeaseValidationException>(() => ContainerPath.Parse(text));

        Assert.Equal("path", error.Field);
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RefusesPathsPastLinuxLimits()
    {
        Assert.Throws<LeaseValidationException>(() => ContainerPath.Parse("/" + new string('a', 256)));
        Assert.Throws<LeaseValidationException>(() => ContainerPath.Parse(string.Concat(Enumerable.Repeat("/abcdefgh", 460))));
        Assert.Equal(255, ContainerPath.Parse("/" + new string('a', 255)).Name.Length);
    }

    [Fact]
    public void Parse_EchoesAtMostTheStartOfALongBadPath()
    {
        var error = Assert.Throws<LeaseValidationException>(() => ContainerPath.Parse(new string('a', 3000)));

        Assert.True(error.Message.Length < 300, error.Message);
    }

    [Theory]
    [InlineData("/tmp/data.csv", true)]
    [InlineData("/tmp/a/b/c", true)]
    [InlineData("/tmp", false)]
    [InlineData("/tmpfile", false)]
    [InlineData("/etc/tmp/x", false)]
    public void IsInside_IsTrueOnlyForPathsBelowTheFolder(string text, bool inside)
    {
        Assert.Equal(inside, ContainerPath.Parse(text).IsInside(ContainerPath.Parse("/tmp")));
    }

    [Fact]
    public void Parent_AndAppend_WalkTheSegments()
    {
        var path = ContainerPath.Parse("/tmp/a/b.txt");

        Assert.Equal("/tmp/a", path.Parent.Value);
        Assert.Equal("/", path.Parent.Parent.Parent.Value);
        Assert.True(ContainerPath.Root.Parent.IsRoot);
        Assert.Equal("/tmp/a/c.txt", path.Parent.Append("c.txt").Value);
        Assert.Throws<LeaseValidationException>(() => path.Parent.Append(".."));
    }
}
