using ContainerLease.Tests.Integration.Infrastructure;
using Hangfire.Logging;

namespace ContainerLease.Tests.Integration;

/// <summary>
/// Hangfire logs through one process-wide provider. An app disposed while another in the same
/// process still serves must not take the other's Hangfire logging with it (the dashboard asks
/// for a logger on every command, and failed with a disposed logger factory).
/// </summary>
public sealed class HangfireLoggingTests
{
    [Fact]
    public async Task HangfireStillLogs_AfterAnotherAppInTheProcessIsDisposed()
    {
        await using var serving = new LeaseApp(TestSettings.For(TestSettings.NewInstallationId(), redis: null));
        using (var client = serving.CreateClient())
        {
            await client.GetAsync("/healthz/live");
        }

        var gone = new LeaseApp(TestSettings.For(TestSettings.NewInstallationId(), redis: null));
        using (var client = gone.CreateClient())
        {
            await client.GetAsync("/healthz/live");
        }

        await gone.DisposeAsync();

        var logged = Record.Exception(() => LogProvider.GetLogger("dashboard").Log(LogLevel.Info, () => "still logging", null));
        Assert.Null(logged);
    }
}
