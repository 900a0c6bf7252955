using System.ComponentModel.DataAnnotations;
using ContainerLease.Domain.Leases;
using ContainerLease.Mvc.Api.Contracts;
using ContainerLease.Mvc.Auth;
using ContainerLease.Mvc.OpenApi;
using ContainerLease.Mvc.Ports;
using Microsoft.AspNetCore.Mvc;

namespace ContainerLease.Mvc.Api;

[ApiController]
[Route("api/containers")]
public sealed class ContainersController(LeaseService leases, TimeProvider time, PortUrls urls) : ControllerBase
{
    /// <summary>The caller's active leases (every one for an admin), soonest expiry first, a page at a time.</summary>
    [HttpGet]
    [Problems(503)]
    public async Task<LeaseListResponse> List(
        [FromQuery, Range(1, 1_000_000)] int page = 1,
        [FromQuery, Range(1, 200)] int pageSize = 50,
        CancellationToken ct = default)
    {
        var result = await leases.ListActiveAsync(User.ToCaller(), (page - 1) * pageSize, pageSize, ct);
        var now = time.GetUtcNow();
        return new LeaseListResponse([.. result.Items.Select(l => LeaseResponse.From(l, now, urls))], result.Total, page, pageSize);
    }
}
