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
        builder.Services.AddSingleton<PortHosts>();
        builder.Services.AddSingleton<PortProxy>();
        return builder;
    }

    /// <summary>
    /// First of all: a request to a lease host (<see cref="PortsOptions.HostPattern"/>) is the
    /// container's alone, so none of the app (its pages, files, sign-in) answers on that host.
    /// </summary>
    public static WebApplication UsePortHosts(this WebApplication app)
    {
        var hosts = app.Services.GetRequiredService<PortHosts>();
        if (hosts.Enabled)
        {
            app.Use((context, next) => hosts.TryMatch(context.Request.Host, out var leaseId, out var port)
                ? context.RequestServices.GetRequiredService<PortProxy>().HostAsync(context, leaseId, port)
                : next(context));
        }

        return app;
    }

    /// <summary>After authentication: the lease's URL is for signed-in callers, a link for whoever holds it.</summary>
    public static WebApplication MapPorts(this WebApplication app)
    {
        app.Map(PortProxy.LeaseRoute, (HttpContext context, string leaseId, int port, PortProxy proxy) => proxy.SignedInAsync(context, leaseId, port));
        app.Map(PortProxy.LinkRoute, (HttpContext context, string token, PortProxy proxy) => proxy.LinkAsync(context, token)).AllowAnonymous();
        return app;
    }
}
