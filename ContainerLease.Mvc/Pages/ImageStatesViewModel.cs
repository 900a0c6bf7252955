using ContainerLease.Domain.Catalog;
using ContainerLease.Domain.Images;

namespace ContainerLease.Mvc.Pages;

/// <summary>The catalog's images as admins see them: each entry's image and its state on this instance.</summary>
public sealed record ImageStatesViewModel(IReadOnlyList<ImageStateRow> Rows, DateTimeOffset Now)
{
    public static ImageStatesViewModel From(ImageCatalog catalog, ImageStates states, DateTimeOffset now) => new(
        [.. catalog.Images.OrderBy(i => i.Key, StringComparer.Ordinal).Select(i => new ImageStateRow(i.Key, i.Value.Image, states.Find(i.Value.Image) ?? ImageState.NotPulled))],
        now);

    /// <summary>Refreshed more often while a pull runs, so its bytes move.</summary>
    public string Refresh => Rows.Any(r => r.State.Status == ImageState.Pulling) ? "every 1s" : "every 5s";
}

public sealed record ImageStateRow(string Id, string Image, ImageState State);
