using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace ContainerLease.Mvc.Limits;

public static class LimitsRegistration
{
    /// <summary>The policy name on every endpoint that provisions.</summary>
    public const string Provision = "provision";

    /// <summary>The policy name on the sign-in form's post.</summary>
    public const string SignIn = "sign-in";

    public static IHostApplicationBuilder AddLimits(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(Provision, context =>
            {
                var options = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
                return RateLimitPartition.GetTokenBucketLimiter(UserOf(context), _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = options.ProvisionBurst,
                    TokensPerPeriod = options.ProvisionsPerMinute,
                    ReplenishmentPeriod = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            limiter.AddPolicy(SignIn, context =>
            {
                var options = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? string.Empty, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.SignInsPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
            limiter.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                var http = context.HttpContext;
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                if (http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == SignIn)
                {
                    // A person at the sign-in page reads this; it is not an API answer.
                    http.Response.ContentType = "text/plain; charset=utf-8";
                    await http.Response.WriteAsync($"Too many sign-in attempts from your address; try again in {seconds} s.", ct);
                    return;
                }

                var problem = new ProblemDetails
                {
                    Status = StatusCodes.Status429TooManyRequests,
                    Title = "Too many provisions.",
                    Detail = $"You are provisioning faster than allowed; try again in {seconds} s.",
                    Extensions = { ["limit"] = "rate" },
                };
                await http.RequestServices.GetRequiredService<IProblemDetailsService>()
                    .WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
            };
        });
        return builder;
    }

    public static WebApplication UseLimits(this WebApplication app)
    {
        app.UseRateLimiter();
        return app;
    }

    /// <summary>Provisioning needs a signed-in user, so every bucket belongs to one.</summary>
    private static string UserOf(HttpContext context) => context.User.Identity?.Name ?? string.Empty;
}
