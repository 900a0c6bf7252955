namespace ContainerLease.Mvc.Swarm;

public static class SwarmRegistration
{
    /// <summary>
    /// Leases as services on the Swarm whose manager is at <c>Docker:Endpoint</c>, for <c>Runtime:Kind=swarm</c>:
    /// the <c>Swarm</c> section checked at start, the runtime, and what needs a node's engine answering 501.
    /// Called by <see cref="Docker.DockerRegistration.AddDocker"/>, which registers the engine client both
    /// share and chooses between the runtimes (<see cref="Docker.RuntimeChoice"/>).
    /// </summary>
    public static IHostApplicationBuilder AddSwarm(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SwarmOptions>().BindConfiguration(SwarmOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.Nodes.Values.All(n => Uri.TryCreate(n.Endpoint, UriKind.Absolute, out _)),
                "Swarm:Nodes:<hostname>:Endpoint must be an absolute URI such as tcp://10.0.0.11:2375.")
            .ValidateOnStart();
        builder.Services.AddHostedService<SwarmStartCheck>();
        builder.Services.AddSingleton<SwarmPlacement>();
        builder.Services.AddSingleton<SwarmContainerRuntime>();
        builder.Services.AddSingleton<NodeEngineMissing>();
        builder.Services.AddSingleton<NodeEngines>();
        builder.Services.AddSingleton<NodeCapabilities>();
        return builder;
    }
}
