using ContainerLease.Domain.Leases;
using ContainerLease.Mvc.Api.Contracts;
using ContainerLease.Mvc.Auth;
using ContainerLease.Mvc.OpenApi;
using ContainerLease.Mvc.Ports;
using Microsoft.AspNetCore.Mvc;

namespace ContainerLease.Mvc.Api;

[ApiController]
[Route("api/leases/{id}")]
public sealed class LeasePauseController(LeasePauses pauses, TimeProvider time, PortUrls urls) : ControllerBase
{
    /// <summary>Freezes the container's processes; the lease's clock runs on.</summary>
    [HttpPost("pause")]
    [Problems(404, 409, 501, 503)]
    public async Task<LeaseResponse> Pause(string id, CancellationToken ct) =>
        LeaseResponse.From(await pauses.PauseAsync(LeaseId.ParseOrMissing(id), User.ToCaller(), ct), time.GetUtcNow(), urls);

    /// <summary>Lets the container's processes run on from where they stopped.</summary>
    [HttpPost("resume")]
    [Problems(404, 409, 501, 503)]
    public async Task<LeaseResponse> Resume(string id, CancellationToken ct) =>
        LeaseResponse.From(await pauses.ResumeAsync(LeaseId.ParseOrMissing(id), User.ToCaller(), ct), time.GetUtcNow(), urls);
}
