using ContainerLease.Domain.Leases;
using ContainerLease.Mvc.Api.Contracts;
using ContainerLease.Mvc.Auth;
using ContainerLease.Mvc.OpenApi;
using ContainerLease.Mvc.Ports;
using Microsoft.AspNetCore.Mvc;

namespace ContainerLease.Mvc.Api;

[ApiController]
[Route("api/leases/{id}/ports/{port:int}")]
public sealed class PortShareController(LeasePorts ports, LeaseLinks links, PortUrls urls, TimeProvider time) : ControllerBase
{
    /// <summary>A link to one port of the lease for someone without an account; it stops at its deadline or the lease's end.</summary>
    [HttpPost("share")]
    [Problems(404, 409, 503)]
    public async Task<ShareResponse> Share(string id, int port, [FromBody] ShareBody? body, CancellationToken ct)
    {
        var (lease, deadline) = await ports.ShareAsync(LeaseId.ParseOrMissing(id), port, User.ToCaller(), body?.Lifetime, ct);
        return new ShareResponse(lease.Id.Value, port, urls.ShareOf(lease.Id, port, deadline), deadline);
    }

    /// <summary>
    /// Stops every link to the lease's ports made so far, shared ones included; the lease and its
    /// container go on, and links made from now on work. The owner's own browser gets a new link on its next visit.
    /// </summary>
    [HttpPost("~/api/leases/{id}/ports/revoke-links")]
    [Problems(404, 409, 503)]
    public async Task<LeaseResponse> RevokeLinks(string id, CancellationToken ct) =>
        LeaseResponse.From(await links.RevokeAsync(LeaseId.ParseOrMissing(id), User.ToCaller(), ct), time.GetUtcNow(), urls);
}
