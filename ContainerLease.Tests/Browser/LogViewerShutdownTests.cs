using System.Text.RegularExpressions;
using ContainerLease.Mvc.Live;
using ContainerLease.Tests.Integration.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace ContainerLease.Tests.Browser;

/// <summary>The log viewer when its app stops: an app process of its own, so it can be sent SIGTERM.</summary>
[Collection(SharedBrowser.Name)]
public sealed class LogViewerShutdownTests(BrowserFixture fixture) : PrivateInstallation
{
    [Fact]
    public async Task Viewer_ShowsTheShutdownNotice_AndNoError_WhenTheAppStops()
    {
        await using var app = await AppProcess.StartAsync(Settings);
        var lease = await app.ProvisionAsync(120, "counter");
        await using var page = await fixture.OpenAsync($"/?selected={lease.LeaseId}", app: app.Client.BaseAddress);
        await Expect(page.Page.Locator("#log-viewer .log-line").Filter(new() { HasTextRegex = new("^line 300$") })).ToHaveCountAsync(1);

        Assert.Equal(0, await app.TerminateAsync());

        await Expect(page.Page.Locator("#log-viewer .log-system").Last).ToHaveTextAsync(LogsHub.ShutdownNotice);
        // The stream completed rather than failed: the status tells of the stop, or of the reconnecting that follows it.
        await Expect(page.Page.Locator("#log-viewer [data-log=status]")).ToHaveTextAsync(new Regex("shutting down|reconnecting"));
    }
}
