using ContainerLease.Domain.Leases;
using Microsoft.Extensions.Options;

namespace ContainerLease.Mvc.Ports;

public static class PortsRegistration
{
    public static IHostApplicationBuilder AddPorts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PortsOptions>().BindConfiguration(PortsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHttpForwarder();
        builder.Services.AddSingleton<PortClient>();
        builder.Services.AddSingleton<PortLinks>();
        builder.Services.AddSingleton<PortUrls>();
        builder.Services.AddSingleton<PortProxy>();
        return builder;
    }

    /// <summary>After authentication: the lease's URL is for signed-in callers, a link for whoever holds it.</summary>
    public static WebApplication MapPorts(this WebApplication app)
    {
        app.Map(PortProxy.LeaseRoute, (HttpContext context, string leaseId, int port, PortProxy proxy) => proxy.SignedInAsync(context, leaseId, port));
        app.Map(PortProxy.LinkRoute, (HttpContext context, string token, PortProxy proxy) => proxy.LinkAsync(context, token)).AllowAnonymous();
        return app;
    }
}
