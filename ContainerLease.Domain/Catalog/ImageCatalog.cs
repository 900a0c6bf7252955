namespace ContainerLease.Domain.Catalog;

/// <summary>The images users may lease, by id. Requests name an id, never an image.</summary>
public sealed class ImageCatalog(CatalogOptions options)
{
    private readonly Dictionary<string, CatalogImage> _images = new(options.Images, StringComparer.Ordinal);

    public IReadOnlyDictionary<string, CatalogImage> Images => _images;

    public CatalogImage? Find(string imageType) => _images.GetValueOrDefault(imageType);

    /// <summary>See <see cref="CatalogOptions.WaitForPull"/>.</summary>
    public bool WaitForPull { get; } = options.WaitForPull;
}
