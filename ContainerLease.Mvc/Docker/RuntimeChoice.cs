using ContainerLease.Mvc.Swarm;
using Microsoft.Extensions.Options;

namespace ContainerLease.Mvc.Docker;

/// <summary>
/// Which runtime serves the ports, by <c>Runtime:Kind</c>: decided when services are first resolved
/// (as <see cref="Storage.StorageChoice"/> is), so configuration a host or a test adds late still counts.
/// </summary>
internal static class RuntimeChoice
{
    public static bool IsSwarm(IServiceProvider services) =>
        services.GetRequiredService<IOptions<RuntimeOptions>>().Value.Kind == RuntimeOptions.Swarm;

    /// <summary>
    /// A capability that needs the engine that runs the container (exec, terminals, files, stats,
    /// pause, addresses): the Docker engine's <typeparamref name="TDocker"/>; in swarm mode the
    /// nodes' engines (<see cref="NodeCapabilities"/>) when <c>Swarm:Nodes</c> names any and the
    /// capability is one they serve, else <see cref="NodeEngineMissing"/>, which answers 501 saying why.
    /// </summary>
    public static IServiceCollection AddEngineCapability<TPort, TDocker>(this IServiceCollection services)
        where TPort : class
        where TDocker : class, TPort
    {
        services.AddSingleton<TDocker>();
        services.AddSingleton<TPort>(sp => !IsSwarm(sp) ? sp.GetRequiredService<TDocker>()
            : sp.GetRequiredService<NodeEngines>().Any && sp.GetRequiredService<NodeCapabilities>() is TPort onNodes ? onNodes
            : (TPort)(object)sp.GetRequiredService<NodeEngineMissing>());
        return services;
    }
}
