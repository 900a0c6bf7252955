using ContainerLease.Domain.Catalog;
using ContainerLease.Domain.Images;
using ContainerLease.Domain.Policy;
using ContainerLease.Mvc.Api.Contracts;
using ContainerLease.Mvc.OpenApi;
using Microsoft.AspNetCore.Mvc;

namespace ContainerLease.Mvc.Api;

[ApiController]
[Route("api/images")]
public sealed class ImagesController(ImageCatalog catalog, DurationPolicy policy, ImageStates states) : ControllerBase
{
    /// <summary>The catalog: the image ids a lease may name, with their limits and their state on this instance (ready, pulling, failed, missing), and the durations allowed.</summary>
    [HttpGet]
    [Problems]
    public CatalogResponse List() => CatalogResponse.From(catalog, policy, states);
}
