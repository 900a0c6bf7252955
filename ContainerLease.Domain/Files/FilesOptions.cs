using System.ComponentModel.DataAnnotations;

namespace ContainerLease.Domain.Files;

/// <summary>The <c>Files</c> section.</summary>
public sealed class FilesOptions
{
    public const string Section = "Files";

    /// <summary>The largest file one upload may write; a larger one answers 413 before anything is written.</summary>
    [Range(typeof(long), "1024", "17179869184")]
    public long MaxUploadBytes { get; set; } = 64L * 1024 * 1024;
}
