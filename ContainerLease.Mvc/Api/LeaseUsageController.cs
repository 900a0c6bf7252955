using ContainerLease.Domain.Errors;
using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Ports;
using ContainerLease.Mvc.Auth;
using ContainerLease.Mvc.OpenApi;
using Microsoft.AspNetCore.Mvc;

namespace ContainerLease.Mvc.Api;

[ApiController]
[Route("api/leases/{id}/stats")]
public sealed class LeaseUsageController(LeaseAccess access, IContainerStats stats) : ControllerBase
{
    /// <summary>What the lease's container uses now: one reading from the engine, which takes about a second to measure CPU.</summary>
    [HttpGet]
    [Problems(404, 409, 501, 503)]
    public async Task<ContainerUsage> Get(string id, CancellationToken ct)
    {
        var lease = await access.OpenAsync(id, User.ToCaller(), whilePaused: true, ct);
        return await stats.ReadAsync(lease.ContainerId, ct)
            ?? throw new LeaseConflictException($"The container of lease {id} is not on the engine any more.");
    }
}
