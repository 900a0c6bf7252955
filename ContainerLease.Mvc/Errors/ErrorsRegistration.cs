namespace ContainerLease.Mvc.Errors;

public static class ErrorsRegistration
{
    public static IHostApplicationBuilder AddErrorHandling(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = ProblemExplanations.Explain);
        builder.Services.AddExceptionHandler<ErrorHandler>();
        return builder;
    }

    /// <summary>First in the pipeline, so it sees every failure after it.</summary>
    public static WebApplication UseErrorHandling(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandlingPath = "/error",
            // A request the server refused as it was (a page's upload over Files:MaxUploadBytes is 413) keeps its status on the error page.
            StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages());
        return app;
    }
}
