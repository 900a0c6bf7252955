using ContainerLease.Domain.Catalog;

namespace ContainerLease.Domain.Tests;

public sealed class ImageCatalogTests
{
    private static CatalogOptions Options() => new()
    {
        Images = new Dictionary<string, CatalogImage>(StringComparer.Ordinal)
        {
            ["python"] = new CatalogImage { Image = "python:3.13-alpine" },
        },
    };

    [Fact]
    public void Find_ReturnsTheEntry_WhenIdIsInTheCatalog()
    {
        var catalog = new ImageCatalog(Options());

        Assert.Equal("python:3.13-alpine", catalog.Find("python")?.Image);
    }

    [Theory]
    [InlineData("ruby")]
    [InlineData("Python")]
    [InlineData("python:3.13-alpine")]
    [InlineData("")]
    public void Find_ReturnsNull_WhenIdIsNotInTheCatalog(string imageType)
    {
        Assert.Null(new ImageCatalog(Options()).Find(imageType));
    }

    [Fact]
    public void Images_StayAsBuilt_WhenOptionsChangeLater()
    {
        var options = Options();
        var catalog = new ImageCatalog(options);

        options.Images["ruby"] = new CatalogImage { Image = "ruby:3" };

        Assert.Null(catalog.Find("ruby"));
        Assert.Single(catalog.Images);
    }
}
