using ContainerLease.Domain.Files;
using ContainerLease.Domain.Ports;
using ContainerLease.Mvc.Docker;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ContainerLease.Mvc.Files;

public static class FilesRegistration
{
    /// <summary>Files in and out of leased containers: the <c>Files</c> section, checked at start, and the engine's archive API behind <see cref="IContainerFiles"/>.</summary>
    public static IHostApplicationBuilder AddFiles(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<FilesOptions>().BindConfiguration(FilesOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton<IContainerFiles, DockerContainerFiles>(); // in swarm mode, AddDocker registered its own
        builder.Services.AddSingleton<LeaseFiles>();
        return builder;
    }
}
