using ContainerLease.Domain.Errors;
using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Ports;
using ContainerLease.Mvc.Api.Contracts;
using ContainerLease.Mvc.Auth;
using ContainerLease.Mvc.Docker;
using ContainerLease.Mvc.OpenApi;
using ContainerLease.Mvc.Ports;
using Microsoft.AspNetCore.Mvc;

namespace ContainerLease.Mvc.Api;

[ApiController]
[Route("api/leases/{id}")]
public sealed class LeasesController(LeaseService leases, LeaseEndings endings, IContainerRuntime runtime, TimeProvider time, PortUrls urls) : ControllerBase
{
    /// <summary>One of the caller's leases (any lease for an admin), ended ones too, with its container's state and health when it still exists.</summary>
    [HttpGet]
    [Problems(404, 503)]
    public async Task<LeaseResponse> Get(string id, CancellationToken ct)
    {
        var lease = await leases.GetAsync(LeaseId.ParseOrMissing(id), User.ToCaller(), ct);
        var container = await runtime.InspectForDisplayAsync(lease, ct);
        return LeaseResponse.From(lease, time.GetUtcNow(), urls, container, detailed: true);
    }

    /// <summary>Ends the lease now and removes its container.</summary>
    [HttpDelete]
    [Problems(404, 409, 503)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public async Task<IActionResult> Terminate(string id, CancellationToken ct)
    {
        await endings.TerminateAsync(LeaseId.ParseOrMissing(id), User.ToCaller(), ct);
        return NoContent();
    }

    /// <summary>Moves the expiry later, never past the maximum duration counted from creation.</summary>
    [HttpPost("extend")]
    [Problems(404, 409, 503)]
    public async Task<LeaseResponse> Extend(string id, ExtendBody body, CancellationToken ct)
    {
        try
        {
            var lease = await leases.ExtendAsync(LeaseId.ParseOrMissing(id), DurationBody.Duration(body.DurationMinutes, body.DurationSeconds), User.ToCaller(), ct);
            return LeaseResponse.From(lease, time.GetUtcNow(), urls);
        }
        catch (LeaseValidationException ex) when (ex.Field == LeaseValidationException.DurationField)
        {
            throw ex.WithField(DurationBody.Field(body.DurationMinutes));
        }
    }
}
