using ContainerLease.Mvc.Jobs;
using ContainerLease.Mvc.Leases;
using ContainerLease.Mvc.Storage;
using Microsoft.Extensions.Options;

namespace ContainerLease.Mvc.Webhooks;

public static class WebhooksRegistration
{
    /// <summary>
    /// Signed lease events to the receivers of <c>Webhooks:Endpoints</c>, checked at start, delivered by
    /// Hangfire jobs; with Redis, through the <see cref="WebhookOutbox"/> the lease store writes.
    /// </summary>
    public static IHostApplicationBuilder AddWebhooks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHttpClient(WebhookDeliveryJob.Client, (sp, client) => client.Timeout = sp.GetRequiredService<IOptions<WebhookOptions>>().Value.Timeout)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        builder.Services.AddSingleton<WebhookQueue>();
        builder.Services.AddSingleton<WebhookMessages>();
        builder.Services.AddSingleton<WebhookOutbox>();
        builder.Services.AddSingleton<WebhookRelay>();
        builder.Services.AddSingleton<ILeaseEventSink>(sp => sp.GetRequiredService<StorageChoice>().UsesRedis
            ? sp.GetRequiredService<WebhookRelay>()
            : ActivatorUtilities.CreateInstance<WebhookSink>(sp));
        builder.Services.AddTransient<WebhookDeliveryJob>();
        builder.Services.AddTransient<WebhookRelayJob>();
        builder.Services.AddSingleton(sp => new RetryOverride(
            typeof(WebhookDeliveryJob),
            sp.GetRequiredService<IOptions<WebhookOptions>>().Value.RetryAttempts,
            sp.GetRequiredService<IOptions<JobsOptions>>().Value));
        return builder;
    }
}
