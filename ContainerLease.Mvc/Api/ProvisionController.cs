using ContainerLease.Domain.Errors;
using ContainerLease.Domain.Leases;
using ContainerLease.Mvc.Api.Contracts;
using ContainerLease.Mvc.Auth;
using ContainerLease.Mvc.Limits;
using ContainerLease.Mvc.OpenApi;
using ContainerLease.Mvc.Ports;
using ContainerLease.Mvc.Telemetry;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace ContainerLease.Mvc.Api;

[ApiController]
[Route("api/provision")]
public sealed class ProvisionController(LeaseProvisioner provisioner, LeaseMetrics metrics, TimeProvider time, PortUrls urls) : ControllerBase
{
    /// <summary>
    /// Leases a container: 201 with its lease, or problem details and nothing created. With
    /// <c>Catalog:WaitForPull</c>, a lease whose image must be pulled first is 202 with the lease
    /// <c>pulling</c>: follow its <c>Location</c> until it is <c>active</c> (or <c>pull-failed</c>).
    /// </summary>
    [HttpPost]
    [Problems(429, 502, 503)]
    [EnableRateLimiting(LimitsRegistration.Provision)]
    [ProducesResponseType<LeaseResponse>(StatusCodes.Status201Created)]
    [ProducesResponseType<LeaseResponse>(StatusCodes.Status202Accepted)]
    public async Task<ActionResult<LeaseResponse>> Provision(ProvisionBody body, CancellationToken ct)
    {
        var request = new ProvisionRequest(body.ImageType!, DurationBody.Duration(body.DurationMinutes, body.DurationSeconds), User.ToCaller().Name);
        try
        {
            var lease = await metrics.MeasureProvisionAsync(() => provisioner.ProvisionAsync(request, ct));
            var response = LeaseResponse.From(lease, time.GetUtcNow(), urls);
            return lease.Status == LeaseStatus.Pulling
                ? Accepted($"/api/leases/{lease.Id}", response)
                : Created($"/api/leases/{lease.Id}", response);
        }
        catch (LeaseValidationException ex) when (ex.Field == LeaseValidationException.DurationField)
        {
            throw ex.WithField(DurationBody.Field(body.DurationMinutes));
        }
    }
}
