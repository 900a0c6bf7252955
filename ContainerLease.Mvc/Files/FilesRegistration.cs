using ContainerLease.Domain.Files;
using ContainerLease.Domain.Ports;
using ContainerLease.Mvc.Docker;

namespace ContainerLease.Mvc.Files;

public static class FilesRegistration
{
    /// <summary>Files in and out of leased containers: the <c>Files</c> section, checked at start, and the engine's archive API behind <see cref="IContainerFiles"/>.</summary>
    public static IHostApplicationBuilder AddFiles(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<FilesOptions>().BindConfiguration(FilesOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddEngineCapability<IContainerFiles, DockerContainerFiles>();
        builder.Services.AddSingleton<LeaseFiles>();
        return builder;
    }
}
