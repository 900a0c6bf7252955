using ContainerLease.Domain.Leases;
using ContainerLease.Mvc.Auth;
using ContainerLease.Mvc.OpenApi;
using Microsoft.AspNetCore.Mvc;

namespace ContainerLease.Mvc.Api;

[ApiController]
[Route("api/leases/{id}")]
public sealed class LeaseTouchController(LeaseActivity activity) : ControllerBase
{
    /// <summary>Activity said in so many words, by a script that keeps a lease it uses from going idle.</summary>
    [HttpPost("touch")]
    [Problems(404, 409, 503)]
    public async Task<NoContentResult> Touch(string id, CancellationToken ct)
    {
        await activity.TouchAsync(LeaseId.ParseOrMissing(id), User.ToCaller(), ct);
        return NoContent();
    }
}
