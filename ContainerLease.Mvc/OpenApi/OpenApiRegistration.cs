using ContainerLease.Mvc.Pages;
using Scalar.AspNetCore;

namespace ContainerLease.Mvc.OpenApi;

/// <summary>The API's OpenAPI 3.1 description, made from the controllers.</summary>
public static class OpenApiRegistration
{
    public const string DocumentPath = "/openapi/v1.json";

    /// <summary>
    /// The document rendered by Scalar, for signed-in users. Outside /api on purpose: every /api
    /// path authenticates by API key alone (no cookie, so no cross-site request can use a session),
    /// and this page is for a browser with a session, as the other pages are.
    /// </summary>
    public const string DocsPath = "/docs/api/";

    /// <summary>Where the issue and users look for the page first: it redirects to <see cref="DocsPath"/>; the route check leaves it out.</summary>
    public const string DocsRedirectPath = "/api/docs";

    /// <summary>
    /// Scalar's green (GET, and JSON literals) is 3.9:1 on white; axe-core asks for 4.5:1. This one is 5.3:1,
    /// and the dark theme's green is left as it is.
    /// </summary>
    private const string DocsCss = ".light-mode { --scalar-color-green: #007a4d; }";

    /// <summary>As on every page: no icon to fetch, so the browser asks for no /favicon.ico, which the app has not.</summary>
    private const string NoFavicon = "<link rel=\"icon\" href=\"data:,\" />";

    public static IHostApplicationBuilder AddApiDescription(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenApi("v1", options =>
        {
            // Only the JSON API: pages, the sign-in form and the port proxy are not for clients.
            options.ShouldInclude = description => description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer<ApiKeySecurity>();
            options.AddOperationTransformer<ProblemResponses>();
            options.AddOperationTransformer<RawBodies>();
            options.AddOperationTransformer<ReadmeExamples>();
        });
        return builder;
    }

    public static WebApplication MapApiDescription(this WebApplication app)
    {
        // It describes the API and holds no data, so anyone may read it.
        app.MapOpenApi(DocumentPath).AllowAnonymous();

        // Scalar's page and its scripts (embedded in the package, served from here: no CDN, no
        // fonts from one, no telemetry). Its script elements carry this response's nonce, which
        // the content security policy admits on this page alone, with inline styles.
        app.MapScalarApiReference(DocsPath.TrimEnd('/'), (options, http) =>
            {
                options
                    .WithTitle("ContainerLease API")
                    .WithOpenApiRoutePattern(DocumentPath)
                    .DisableDefaultFonts()
                    .DisableTelemetry()
                    .DisableAgent()
                    .DisableMcp()
                    .WithLocalization(new ScalarLocalizationOptions { Locale = "en" })
                    .WithCustomCss(DocsCss)
                    .WithJavaScriptConfiguration("/js/api-docs.js")
                    .WithNonce(SecurityHeaders.DocsPageNonce(http));
                options.HeadContent = NoFavicon;
            })
            .RequireAuthorization();
        app.MapGet(DocsRedirectPath, () => Results.Redirect(DocsPath)).AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}
