using ContainerLease.Domain.Ports;
using ContainerLease.Mvc.Leases;
using Microsoft.AspNetCore.SignalR;

namespace ContainerLease.Mvc.Live;

public static class LiveRegistration
{
    public static IHostApplicationBuilder AddLive(this IHostApplicationBuilder builder)
    {
        // The log hub turns every failure it expects into a HubException with a message of its own;
        // detailed errors add what SignalR knows of the rest, such as arguments of the wrong type.
        builder.Services.AddOptions<LiveOptions>().BindConfiguration(LiveOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ConnectionsPerUser>();
        builder.Services.AddSingleton<SignedOutConnections>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SignedOutConnections>());
        builder.Services.AddSignalR(options =>
            {
                options.AddFilter<ConnectionsPerUser>();
                options.AddFilter<SignedOutConnections>();
            })
            .AddHubOptions<LogsHub>(options => options.EnableDetailedErrors = true);
        builder.Services.AddSingleton<ILeaseEventSink, SignalRLeaseEvents>();
        builder.Services.AddSingleton<IPullProgressFeed, SignalRPullProgress>();
        builder.Services.AddSingleton<UsageFeeds>();
        builder.Services.AddSingleton<OpenLogStreams>();
        builder.Services.AddSingleton<OpenStreams>(sp => sp.GetRequiredService<OpenLogStreams>());
        builder.Services.AddHostedService<StreamsShutdown>();
        return builder;
    }

    public static WebApplication MapLive(this WebApplication app)
    {
        app.MapHub<LeaseEventsHub>(LeaseEventsHub.Path);
        app.MapHub<LogsHub>(LogsHub.Path);
        app.MapHub<ExecHub>(ExecHub.Path);
        return app;
    }
}
