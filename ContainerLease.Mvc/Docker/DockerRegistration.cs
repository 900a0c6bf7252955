using ContainerLease.Domain.Images;
using ContainerLease.Domain.Ports;
using ContainerLease.Mvc.Swarm;
using Docker.DotNet;
using Microsoft.Extensions.Options;

namespace ContainerLease.Mvc.Docker;

public static class DockerRegistration
{
    /// <summary>The engine client and what every runtime on a Docker engine shares; the runtime <c>Runtime:Kind</c> names is chosen when first resolved (<see cref="RuntimeChoice"/>).</summary>
    public static IHostApplicationBuilder AddDocker(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RuntimeOptions>().BindConfiguration(RuntimeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<DockerOptions>()
            .BindConfiguration(DockerOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => string.IsNullOrWhiteSpace(o.Endpoint) || Uri.TryCreate(o.Endpoint, UriKind.Absolute, out _),
                "Docker:Endpoint must be an absolute URI such as unix:///var/run/docker.sock or tcp://host:2375.")
            .ValidateOnStart();

        builder.Services.AddOptions<RegistriesOptions>().BindConfiguration(RegistriesOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<RegistriesOptions>, RegistriesOptionsValidator>();
        builder.Services.AddSingleton<IDockerClient>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<DockerOptions>>().Value;
            return new DockerClientConfiguration(options.EndpointUri, defaultTimeout: options.RequestTimeout).CreateClient();
        });
        builder.Services.AddSingleton<DockerCalls>();
        builder.Services.AddSingleton<ImageStates>();
        builder.Services.AddSingleton<DockerImages>();
        builder.Services.AddHostedService<CatalogPulls>();
        builder.AddSwarm();
        builder.Services.AddSingleton<DockerContainerRuntime>();
        builder.Services.AddSingleton<IContainerRuntime>(sp => RuntimeChoice.IsSwarm(sp)
            ? sp.GetRequiredService<SwarmContainerRuntime>()
            : sp.GetRequiredService<DockerContainerRuntime>());
        builder.Services.AddSingleton<ExecKiller>();
        builder.Services.AddEngineCapability<IContainerTerminals, DockerTerminals>();
        builder.Services.AddEngineCapability<IContainerStats, DockerStats>();
        builder.Services.AddEngineCapability<IContainerPause, DockerPause>();
        builder.Services.AddEngineCapability<IContainerAddresses, DockerAddresses>();
        return builder;
    }
}
