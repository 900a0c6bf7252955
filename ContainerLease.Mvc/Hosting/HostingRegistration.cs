namespace ContainerLease.Mvc.Hosting;

public static class HostingRegistration
{
    /// <summary>
    /// http://localhost:8080, where the original design's examples expect the app, unless the
    /// operator chose an address (ASPNETCORE_URLS, --urls, ASPNETCORE_HTTP_PORTS). A default in
    /// appsettings.json would instead override the ASPNETCORE_ variables, which load before it.
    /// </summary>
    public static WebApplicationBuilder UseDefaultAddress(this WebApplicationBuilder builder)
    {
        var configured = builder.Configuration[WebHostDefaults.ServerUrlsKey] ?? builder.Configuration[WebHostDefaults.HttpPortsKey]
            ?? builder.Configuration[WebHostDefaults.HttpsPortsKey];
        if (string.IsNullOrWhiteSpace(configured))
        {
            builder.WebHost.UseUrls("http://localhost:8080");
        }

        return builder;
    }
}
