namespace ContainerLease.Mvc.Api;

/// <summary>
/// Marks an endpoint whose body is a file: <see cref="RequestBodyLimit"/> caps it at
/// <c>Files:MaxUploadBytes</c> instead of <c>Api:MaxRequestBodyBytes</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class FileUploadAttribute : Attribute
{
    public static bool IsOn(HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<FileUploadAttribute>() is not null;
}
