using ContainerLease.Domain.Errors;
using ContainerLease.Domain.Leases;
using ContainerLease.Mvc.Api.Contracts;
using ContainerLease.Mvc.Ports;
using ContainerLease.Mvc.Auth;
using ContainerLease.Mvc.Limits;
using ContainerLease.Mvc.Telemetry;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace ContainerLease.Mvc.Api;

[ApiController]
[Route("api/provision")]
public sealed class ProvisionController(LeaseProvisioner provisioner, LeaseMetrics metrics, TimeProvider time, PortUrls urls) : ControllerBase
{
    /// <summary>Leases a container: 201 with its lease, or problem details and nothing created.</summary>
    [HttpPost]
    [EnableRateLimiting(LimitsRegistration.Provision)]
    [ProducesResponseType<LeaseResponse>(StatusCodes.Status201Created)]
    public async Task<ActionResult<LeaseResponse>> Provision(ProvisionBody body, CancellationToken ct)
    {
        var request = new ProvisionRequest(body.ImageType!, DurationBody.Duration(body.DurationMinutes, body.DurationSeconds), User.ToCaller().Name);
        try
        {
            var lease = await metrics.MeasureProvisionAsync(() => provisioner.ProvisionAsync(request, ct));
            return Created($"/api/leases/{lease.Id}", LeaseResponse.From(lease, time.GetUtcNow(), urls));
        }
        catch (LeaseValidationException ex) when (ex.Field == LeaseValidationException.DurationField)
        {
            throw ex.WithField(DurationBody.Field(body.DurationMinutes));
        }
    }
}
