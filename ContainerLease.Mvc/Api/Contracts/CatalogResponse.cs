using ContainerLease.Domain.Catalog;
using ContainerLease.Domain.Images;
using ContainerLease.Domain.Policy;

namespace ContainerLease.Mvc.Api.Contracts;

/// <summary>The images a lease may be made of, by id, each with its state on this instance, and the durations the policy allows, in seconds.</summary>
public sealed record CatalogResponse(IReadOnlyList<CatalogEntryResponse> Images, long MinimumDurationSeconds, long MaximumDurationSeconds)
{
    public static CatalogResponse From(ImageCatalog catalog, DurationPolicy policy, ImageStates states) => new(
        [.. catalog.Images.OrderBy(i => i.Key, StringComparer.Ordinal).Select(i => CatalogEntryResponse.From(i.Key, i.Value, states.Find(i.Value.Image)))],
        (long)policy.Minimum.TotalSeconds,
        (long)policy.Maximum.TotalSeconds);
}

/// <summary>One catalog entry as a user sees it: its id (the <c>imageType</c> to lease), what it is and its limits; never its command or environment.</summary>
public sealed record CatalogEntryResponse(
    string Id,
    string Description,
    int MemoryMb,
    double Cpus,
    int PidsLimit,
    string Network,
    IReadOnlyList<int> Ports,
    bool Exec,
    bool Terminal,
    bool HealthCheck,
    ImageStateResponse State)
{
    public static CatalogEntryResponse From(string id, CatalogImage image, ImageState? state) => new(
        id, image.Description, image.MemoryMb, image.Cpus, image.PidsLimit, image.Network, image.PortNumbers, image.Exec, image.HasTerminal, image.HealthCheck is not null,
        ImageStateResponse.From(state));
}
