using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace ContainerLease.Mvc.Api;

public static class ApiRegistration
{
    public static IHostApplicationBuilder AddApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddControllers(options =>
            {
                // Validation errors name fields as the JSON does (imageType, not ImageType).
                options.ModelMetadataDetailsProviders.Add(new SystemTextJsonValidationMetadataProvider());
            })
            // The serializer's own messages name .NET types (System.Nullable`1[System.Int32]);
            // JsonErrorWords says the field's name and what it takes instead.
            .AddJsonOptions(options => options.AllowInputFormatterExceptionMessages = false);
        builder.Services.PostConfigure<ApiBehaviorOptions>(options =>
        {
            var answer = options.InvalidModelStateResponseFactory;
            options.InvalidModelStateResponseFactory = context =>
            {
                JsonErrorWords.Rewrite(context);
                return answer(context);
            };
        });
        return builder;
    }

    public static WebApplication MapApi(this WebApplication app)
    {
        // The page's upload too: it is capped like the API's, and Kestrel's own 30 MB cap is lifted for it.
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api") || FileUploadAttribute.IsOn(c), api => api.UseMiddleware<RequestBodyLimit>());
        app.MapControllers();
        return app;
    }
}
