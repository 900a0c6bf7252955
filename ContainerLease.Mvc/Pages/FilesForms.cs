using System.Globalization;

namespace ContainerLease.Mvc.Pages;

/// <summary>The lease panel's upload and download forms, with each message beside its field.</summary>
/// <param name="Uploaded">What the last upload wrote, said beside the button.</param>
public sealed record FilesForms(
    string LeaseId,
    long MaxUploadBytes,
    string Folder = FilesForms.DefaultFolder,
    string? FileError = null,
    string? FolderError = null,
    string? Uploaded = null,
    string? DownloadPath = null,
    string? DownloadError = null)
{
    public const string DefaultFolder = "/tmp";

    /// <summary>TempData keys for a failed download, which answers with the page again (a GET form cannot be swapped).</summary>
    public const string DownloadErrorKey = "FilesDownloadError";

    public const string DownloadPathKey = "FilesDownloadPath";

    /// <summary>A size as people read it: 64 MB, 1.5 KB, 300 bytes.</summary>
    public static string Size(long bytes) => bytes switch
    {
        >= 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MB"),
        >= 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes"),
    };
}
