using ContainerLease.Domain.Exec;
using ContainerLease.Mvc.Api.Contracts;
using ContainerLease.Mvc.Auth;
using ContainerLease.Mvc.OpenApi;
using Microsoft.AspNetCore.Mvc;

namespace ContainerLease.Mvc.Api;

[ApiController]
[Route("api/leases/{id}/exec")]
public sealed class ExecController(LeaseExec exec) : ControllerBase
{
    /// <summary>Runs a command in the lease's container and answers once it has ended, or was killed at its timeout.</summary>
    [HttpPost]
    [Problems(404, 409, 501, 503)]
    public async Task<ExecResponse> Run(string id, ExecBody body, CancellationToken ct) =>
        ExecResponse.From(await exec.RunAsync(id, new ExecRequest(body.Command, body.Stdin, body.TimeoutSeconds), User.ToCaller(), ct));
}
