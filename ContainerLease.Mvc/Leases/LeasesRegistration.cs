using ContainerLease.Domain.Catalog;
using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Logs;
using ContainerLease.Domain.Policy;
using ContainerLease.Domain.Ports;
using ContainerLease.Domain.Sweeping;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ContainerLease.Mvc.Leases;

public static class LeasesRegistration
{
    /// <summary>The lease rules and the catalog, from the <c>Leases</c>, <c>Logs</c> and <c>Catalog</c> sections, checked at start.</summary>
    public static IHostApplicationBuilder AddLeases(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<LeaseOptions>().BindConfiguration(LeaseOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<LogOptions>().BindConfiguration(LogOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<CatalogOptions>().BindConfiguration(CatalogOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<LeaseOptions>>().Value);
        builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<LogOptions>>().Value);
        builder.Services.AddSingleton(sp => new ImageCatalog(sp.GetRequiredService<IOptions<CatalogOptions>>().Value));
        builder.Services.AddSingleton<DurationPolicy>();
        builder.Services.AddSingleton<LeaseService>();
        builder.Services.AddSingleton<LeaseProvisioner>();
        builder.Services.AddSingleton<LeaseEndings>();
        builder.Services.AddSingleton<LeaseSweeper>();
        builder.Services.AddSingleton<ContainerLease.Domain.Pool.WarmPools>();
        builder.Services.AddSingleton<LeaseAccess>();
        builder.Services.AddSingleton<LeasePauses>();
        builder.Services.AddSingleton<LeasePorts>();
        builder.Services.AddSingleton<LeaseLinks>();
        builder.Services.AddSingleton<LeaseHistory>();
        builder.Services.AddSingleton<LeaseWarnings>();
        builder.Services.AddSingleton<LeaseIdling>();
        builder.Services.AddSingleton<LeaseActivity>();
        builder.Services.AddSingleton<ILeaseEvents, LeaseEventFanOut>();
        builder.Services.AddSingleton<LeaseLogs>();
        return builder;
    }
}
