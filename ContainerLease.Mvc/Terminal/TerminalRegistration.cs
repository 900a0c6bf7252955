using ContainerLease.Mvc.Live;

namespace ContainerLease.Mvc.Terminal;

public static class TerminalRegistration
{
    public static IHostApplicationBuilder AddTerminal(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<TerminalOptions>().BindConfiguration(TerminalOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<OpenTerminals>();
        builder.Services.AddSingleton<OpenStreams>(sp => sp.GetRequiredService<OpenTerminals>());
        return builder;
    }

    public static WebApplication MapTerminal(this WebApplication app)
    {
        app.MapHub<TerminalHub>(TerminalHub.Path);
        return app;
    }
}
