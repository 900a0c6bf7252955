namespace ContainerLease.Mvc.Pages;

public static class PagesRegistration
{
    public static IHostApplicationBuilder AddPages(this IHostApplicationBuilder builder)
    {
        builder.Services.AddControllersWithViews();
        builder.Services.AddSingleton<LeaseListUsage>();
        return builder;
    }

    /// <summary>
    /// wwwroot, with lib/ from LibMan. Plain static files rather than MapStaticAssets: the latter
    /// answers compressed requests with empty bodies when the app runs from its build output in
    /// Production, as scripts/run.sh does, because the compressed copies exist only after a publish.
    /// </summary>
    public static WebApplication MapPages(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseStaticFiles(new StaticFileOptions { OnPrepareResponse = SecurityHeaders.MayBeCached });
        return app;
    }
}
