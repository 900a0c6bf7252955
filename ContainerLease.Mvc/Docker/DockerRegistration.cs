using ContainerLease.Domain.Images;
using ContainerLease.Domain.Ports;
using Docker.DotNet;
using Microsoft.Extensions.Options;

namespace ContainerLease.Mvc.Docker;

public static class DockerRegistration
{
    public static IHostApplicationBuilder AddDocker(this IHostApplicationBuilder builder)
    {
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
        builder.Services.AddSingleton<IContainerRuntime, DockerContainerRuntime>();
        builder.Services.AddSingleton<ExecKiller>();
        builder.Services.AddSingleton<IContainerTerminals, DockerTerminals>();
        builder.Services.AddSingleton<IContainerStats, DockerStats>();
        builder.Services.AddSingleton<IContainerPause, DockerPause>();
        builder.Services.AddSingleton<IContainerAddresses, DockerAddresses>();
        return builder;
    }
}
