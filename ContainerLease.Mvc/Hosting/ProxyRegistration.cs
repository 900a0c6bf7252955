using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace ContainerLease.Mvc.Hosting;

public static class ProxyRegistration
{
    /// <summary>The <c>ForwardedHeaders</c> section, checked at start.</summary>
    public static IHostApplicationBuilder AddTrustedProxies(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ProxyOptions>().BindConfiguration(ProxyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((forwarded, proxies) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;

            // ASP.NET Core trusts loopback by default; only what the operator listed is trusted here.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in proxies.Value.Proxies)
            {
                forwarded.KnownProxies.Add(proxy);
            }

            foreach (var network in proxies.Value.Networks)
            {
                forwarded.KnownIPNetworks.Add(network);
            }
        });
        return builder;
    }

    /// <summary>
    /// First in the pipeline, so that the sign-in limit, the logs and the scheme see the real
    /// client; and only when proxies are listed, so that a header from anyone else changes nothing.
    /// </summary>
    public static WebApplication UseTrustedProxies(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<ProxyOptions>>().Value.Any)
        {
            app.UseForwardedHeaders();
        }

        return app;
    }
}
