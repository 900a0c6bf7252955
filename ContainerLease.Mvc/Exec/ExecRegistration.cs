using ContainerLease.Domain.Exec;
using ContainerLease.Domain.Ports;
using ContainerLease.Mvc.Docker;
using ContainerLease.Mvc.Live;
using Microsoft.Extensions.Options;

namespace ContainerLease.Mvc.Exec;

public static class ExecRegistration
{
    /// <summary>Commands in leased containers: the <c>Exec</c> section (checked at start), the domain's flow, and the Docker engine's exec behind it.</summary>
    public static IHostApplicationBuilder AddExec(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ExecOptions>().BindConfiguration(ExecOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<ExecOptions>>().Value);
        builder.Services.AddSingleton<LeaseExec>();
        builder.Services.AddEngineCapability<IContainerExec, DockerContainerExec>();
        builder.Services.AddSingleton<ExecStreams>();
        builder.Services.AddSingleton<OpenStreams>(sp => sp.GetRequiredService<ExecStreams>());
        // Like the log hub: its own errors are HubExceptions with messages of their own, and the rest
        // of what SignalR knows (arguments of the wrong type) helps a client.
        builder.Services.AddSignalR().AddHubOptions<ExecHub>(options => options.EnableDetailedErrors = true);
        return builder;
    }
}
