using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace ContainerLease.Mvc.Api;

public static class ApiRegistration
{
    public static IHostApplicationBuilder AddApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddControllers(options =>
            {
                // Validation errors name fields as the JSON does (imageType, not ImageType).
                options.ModelMetadataDetailsProviders.Add(new SystemTextJsonValidationMetadataProvider());
            });
        return builder;
    }

    public static WebApplication MapApi(this WebApplication app)
    {
        app.MapControllers();
        return app;
    }
}
