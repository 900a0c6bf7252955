using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ContainerLease.Mvc.Health;

public static class HealthRegistration
{
    private const string Ready = "ready";

    public static IHostApplicationBuilder AddHealth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddCheck<RedisHealthCheck>("redis", tags: [Ready], timeout: TimeSpan.FromSeconds(3))
            .AddCheck<DockerHealthCheck>("docker", tags: [Ready], timeout: TimeSpan.FromSeconds(3))
            .AddCheck<JobServerHealthCheck>("jobs", tags: [Ready])
            .AddCheck<EgressRulesHealthCheck>("egress", tags: [Ready], timeout: TimeSpan.FromSeconds(3));
        return builder;
    }

    /// <summary>
    /// <c>/healthz/live</c>: the process answers (no dependency is asked, so a Redis outage never
    /// gets the app restarted). <c>/healthz/ready</c>: Redis, the engine and the job server answer, and the egress rules are in place;
    /// 200 or 503 with one entry per check.
    /// </summary>
    public static WebApplication MapHealth(this WebApplication app)
    {
        // Orchestrators probe without credentials; the answers name checks, never data.
        app.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/healthz/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteAsync }).AllowAnonymous();
        return app;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return JsonSerializer.SerializeAsync(context.Response.Body, new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        }, cancellationToken: context.RequestAborted);
    }
}
