using ContainerLease.Domain.Catalog;
using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Ports;

namespace ContainerLease.Mvc.Pages;

/// <param name="Images">The catalog's image states, for admins only; null for users.</param>
public sealed record LeasesPageViewModel(ProvisionFormViewModel Form, LeaseListViewModel List, LeasePanelViewModel? Panel, string? Message, ImageStatesViewModel? Images = null);

/// <param name="Created">The lease just made, to say so beside the form.</param>
public sealed record ProvisionFormViewModel(
    ProvisionForm Input,
    IReadOnlyDictionary<string, CatalogImage> Catalog,
    TimeSpan Minimum,
    TimeSpan Maximum,
    Lease? Created);

public sealed record LeaseListViewModel(
    IReadOnlyList<Lease> Active,
    long Total,
    int Page,
    int PageSize,
    IReadOnlyList<Lease> RecentlyEnded,
    DateTimeOffset Now,
    bool ShowOwner,
    IReadOnlyDictionary<string, ContainerUsage>? Usage = null)
{
    public int PageCount => (int)Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <param name="HasTerminal">Whether the lease's catalog entry offers a shell (an entry removed from the catalog offers none).</param>
/// <param name="Urls">The lease's ports and their URLs through the port proxy, by port number.</param>
public sealed record LeasePanelViewModel(Lease Lease, ContainerState? Container, DateTimeOffset Now, bool HasTerminal = false, IReadOnlyDictionary<string, string>? Urls = null, TimeSpan? IdleLimit = null);

/// <summary>A share link just made in the panel, shown where its messages go.</summary>
public sealed record ShareLinkViewModel(string LeaseId, int Port, string Url, DateTimeOffset ExpiresAt);
