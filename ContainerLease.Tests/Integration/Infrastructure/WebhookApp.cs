namespace ContainerLease.Tests.Integration.Infrastructure;

/// <summary>A <see cref="PrivateApp"/> whose webhook endpoint <c>ops</c> is a <see cref="WebhookReceiver"/> of its own, told every event.</summary>
public abstract class WebhookApp : PrivateApp
{
    protected WebhookReceiver Receiver { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Receiver = await WebhookReceiver.StartAsync();
        await base.InitializeAsync();
    }

    /// <summary>Subclasses that change more settings call this first.</summary>
    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Webhooks:Endpoints:ops:Url"] = Receiver.Url;
        settings["Webhooks:Endpoints:ops:Secret"] = WebhookReceiver.Secret;
    }

    protected override Task DisposeMoreAsync() => Receiver.DisposeAsync().AsTask();
}
