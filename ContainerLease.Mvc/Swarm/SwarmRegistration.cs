using ContainerLease.Domain.Ports;

namespace ContainerLease.Mvc.Swarm;

public static class SwarmRegistration
{
    /// <summary>
    /// Leases as services on the Swarm whose manager is at <c>Docker:Endpoint</c> (<c>Runtime:Kind=swarm</c>):
    /// the <c>Swarm</c> section checked at start, the runtime, and what needs a node's engine answering 501.
    /// Called by <see cref="Docker.DockerRegistration.AddDocker"/>, which registers the engine client both share.
    /// </summary>
    public static IHostApplicationBuilder AddSwarm(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SwarmOptions>().BindConfiguration(SwarmOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHostedService<SwarmStartCheck>();
        builder.Services.AddSingleton<SwarmPlacement>();
        builder.Services.AddSingleton<IContainerRuntime, SwarmContainerRuntime>();
        builder.Services.AddSingleton<NodeEngineMissing>();
        builder.Services.AddSingleton<IContainerExec>(sp => sp.GetRequiredService<NodeEngineMissing>());
        builder.Services.AddSingleton<IContainerTerminals>(sp => sp.GetRequiredService<NodeEngineMissing>());
        builder.Services.AddSingleton<IContainerFiles>(sp => sp.GetRequiredService<NodeEngineMissing>());
        builder.Services.AddSingleton<IContainerStats>(sp => sp.GetRequiredService<NodeEngineMissing>());
        builder.Services.AddSingleton<IContainerPause>(sp => sp.GetRequiredService<NodeEngineMissing>());
        builder.Services.AddSingleton<IContainerAddresses>(sp => sp.GetRequiredService<NodeEngineMissing>());
        return builder;
    }
}
