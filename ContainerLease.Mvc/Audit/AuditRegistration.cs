using ContainerLease.Mvc.Leases;
using ContainerLease.Mvc.Storage;

namespace ContainerLease.Mvc.Audit;

public static class AuditRegistration
{
    /// <summary>The audit log (<c>Audit</c> section, checked at start): a Redis stream, or this process without Redis; fed by every lease event.</summary>
    public static IHostApplicationBuilder AddAudit(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IAuditStore>(sp => sp.GetRequiredService<StorageChoice>().UsesRedis
            ? ActivatorUtilities.CreateInstance<RedisAuditStore>(sp)
            : ActivatorUtilities.CreateInstance<InMemoryAuditStore>(sp));
        builder.Services.AddSingleton<AuditLog>();
        builder.Services.AddSingleton<ILeaseEventSink, AuditSink>();
        return builder;
    }
}
