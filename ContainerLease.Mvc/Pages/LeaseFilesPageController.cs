using ContainerLease.Domain.Errors;
using ContainerLease.Domain.Files;
using ContainerLease.Domain.Leases;
using ContainerLease.Mvc.Api;
using ContainerLease.Mvc.Auth;
using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace ContainerLease.Mvc.Pages;

/// <summary>
/// The panel's files: the page's own endpoints, on the sign-in cookie with an antiforgery token on
/// the upload, because the API takes keys only (a page can never call it on a user's behalf). The
/// same <see cref="LeaseFiles"/> flow as the API, so the same access check and the same rules.
/// </summary>
[AutoValidateAntiforgeryToken]
public sealed class LeaseFilesPageController(LeaseFiles files, LeaseService leases, IOptions<FilesOptions> options) : Controller
{
    /// <summary>
    /// A multipart form, from htmx or a page without JavaScript. The form reader spools the file to
    /// disk, never to memory, bounded by <c>Files:MaxUploadBytes</c> through <see cref="FileUploadAttribute"/>.
    /// </summary>
    [HttpPost("/leases/{id}/files")]
    [FileUpload]
    [RequestFormLimits(MultipartBodyLengthLimit = long.MaxValue)] // the upload cap counts the whole body instead
    public async Task<IActionResult> Upload(string id, IFormFile? file, string? folder, CancellationToken ct)
    {
        var form = new FilesForms(id, options.Value.MaxUploadBytes, string.IsNullOrWhiteSpace(folder) ? FilesForms.DefaultFolder : folder.Trim());
        if (file is null)
        {
            form = form with { FileError = "Choose a file to upload." };
        }
        else
        {
            try
            {
                await using var content = file.OpenReadStream();
                var name = Path.GetFileName(file.FileName);
                var written = await files.WriteAsync(id, $"{form.Folder.TrimEnd('/')}/{name}", new FileUpload(content, file.Length), User.ToCaller(), ct);
                form = form with { Uploaded = $"Uploaded {name} ({FilesForms.Size(file.Length)}) to {written}." };
            }
            catch (LeaseValidationException ex)
            {
                form = form with { FolderError = ex.Message };
            }
            catch (DomainException ex)
            {
                form = form with { FileError = ex.Message };
            }
        }

        if (Request.IsHtmx())
        {
            return PartialView("~/Views/LeasesPage/_FilesForms.cshtml", form);
        }

        TempData["Message"] = form.Uploaded ?? form.FileError ?? form.FolderError;
        return Redirect($"/?selected={Uri.EscapeDataString(id)}");
    }

    /// <summary>A plain GET form: the browser saves the answer. A failure shows the page again with its message beside the path.</summary>
    [HttpGet("/leases/{id}/files")]
    public async Task<IActionResult> Download(string id, string? path, CancellationToken ct)
    {
        try
        {
            return FilesController.Download(this, await files.ReadAsync(id, path, User.ToCaller(), ct));
        }
        catch (DomainException ex)
        {
            // Beside the path field when the panel shows the forms again; in the flash when it cannot (an ended, missing or another user's lease).
            if (await ShowsFormsAsync(id, ct))
            {
                TempData[FilesForms.DownloadErrorKey] = ex.Message;
                TempData[FilesForms.DownloadPathKey] = path;
            }
            else
            {
                TempData["Message"] = ex.Message;
            }

            return Redirect($"/?selected={Uri.EscapeDataString(id)}");
        }
    }

    private async Task<bool> ShowsFormsAsync(string id, CancellationToken ct)
    {
        try
        {
            return LeaseId.TryParse(id, out var leaseId) && (await leases.GetAsync(leaseId, User.ToCaller(), ct)).Status == LeaseStatus.Active;
        }
        catch (LeaseNotFoundException)
        {
            return false;
        }
    }
}
