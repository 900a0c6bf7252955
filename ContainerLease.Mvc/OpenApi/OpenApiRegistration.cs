namespace ContainerLease.Mvc.OpenApi;

/// <summary>The API's OpenAPI 3.1 description, made from the controllers.</summary>
public static class OpenApiRegistration
{
    public const string DocumentPath = "/openapi/v1.json";

    /// <summary>Reserved for the Scalar page of the document (not built yet); the route check leaves it out.</summary>
    public const string DocsPath = "/api/docs";

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
        return app;
    }
}
