using ContainerLease.Mvc.Auth;
using OpenTelemetry.Metrics;

namespace ContainerLease.Mvc.Telemetry;

public static class TelemetryRegistration
{
    public static IHostApplicationBuilder AddTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<LeaseMetrics>();
        builder.Services.AddSingleton<ActiveLeaseCount>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ActiveLeaseCount>());

        // System.Runtime: .NET's own meter (GC heap, working set, thread pool), for memory figures.
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(LeaseMetrics.MeterName, "System.Runtime")
            .AddPrometheusExporter());
        return builder;
    }

    /// <summary><c>/metrics</c> in the Prometheus text format.</summary>
    public static WebApplication MapTelemetry(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics").RequireAuthorization(Roles.MetricsPolicy);
        return app;
    }
}
