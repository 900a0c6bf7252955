using System.ComponentModel.DataAnnotations;

namespace ContainerLease.Mvc.Api;

/// <summary>The <c>Api</c> section.</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>The largest request body the API reads; a larger one answers 413 before anything is parsed.</summary>
    [Range(1_024, 10 * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;
}
