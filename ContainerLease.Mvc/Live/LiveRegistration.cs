using ContainerLease.Domain.Ports;

namespace ContainerLease.Mvc.Live;

public static class LiveRegistration
{
    public static IHostApplicationBuilder AddLive(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSignalR();
        builder.Services.AddSingleton<ILeaseEvents, SignalRLeaseEvents>();
        builder.Services.AddSingleton<OpenLogStreams>();
        builder.Services.AddHostedService<LogStreamsShutdown>();
        return builder;
    }

    public static WebApplication MapLive(this WebApplication app)
    {
        app.MapHub<LeaseEventsHub>(LeaseEventsHub.Path);
        app.MapHub<LogsHub>(LogsHub.Path);
        return app;
    }
}
