using System.Net.Mime;
using ContainerLease.Domain.Files;
using ContainerLease.Mvc.Api.Contracts;
using ContainerLease.Mvc.Auth;
using ContainerLease.Mvc.OpenApi;
using Microsoft.AspNetCore.Mvc;

namespace ContainerLease.Mvc.Api;

/// <summary>Files in and out of a lease's container, by path; a folder comes out as a tar archive.</summary>
[ApiController]
[Route("api/leases/{id}/files")]
public sealed class FilesController(LeaseFiles files) : ControllerBase
{
    /// <summary>Writes the body's raw bytes as the file at <paramref name="path"/>, creating missing parent folders.</summary>
    [HttpPut]
    [Problems(404, 409, 501, 503)]
    [FileUpload]
    public async Task<FileWrittenResponse> Put(string id, [FromQuery] string? path, CancellationToken ct)
    {
        await using var body = await UploadBody.ReadAsync(Request, ct);
        var written = await files.WriteAsync(id, path, body.Upload, User.ToCaller(), ct);
        return new FileWrittenResponse(written.Value, body.Upload.Length);
    }

    /// <summary>The file at <paramref name="path"/> as its bytes, or a folder as a tar archive of it.</summary>
    [HttpGet]
    [Problems(404, 409, 501, 503)]
    public async Task<IActionResult> Get(string id, [FromQuery] string? path, CancellationToken ct)
    {
        var file = await files.ReadAsync(id, path, User.ToCaller(), ct);
        return Download(this, file);
    }

    /// <summary>The answer that streams <paramref name="file"/> and disposes it once sent: a file's bytes, or a folder's tar as <c>name.tar</c>.</summary>
    internal static FileStreamResult Download(ControllerBase controller, ContainerFile file)
    {
        if (file.Length is { } length)
        {
            controller.Response.ContentLength = length;
        }

        return file.IsFolder
            ? controller.File(file.Content, "application/x-tar", file.Name + ".tar")
            : controller.File(file.Content, MediaTypeNames.Application.Octet, file.Name);
    }
}
