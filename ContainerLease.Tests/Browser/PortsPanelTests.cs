using static Microsoft.Playwright.Assertions;
using ContainerLease.Tests.Integration.Infrastructure;

namespace ContainerLease.Tests.Browser;

/// <summary>A lease's ports in a real Chromium: the panel's links open the container's page in a sandbox, and Share makes a link.</summary>
[Collection(SharedBrowser.Name)]
public sealed class PortsPanelTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task APortLinkOpensTheContainersPage_InAnOriginThatCannotReadTheApp()
    {
        var lease = await ProvisionAsync(120, "web");
        var page = await OpenAsync($"/?selected={lease.LeaseId}");
        var link = page.Page.Locator("#panel .ports a", new() { HasText = "Port 8080" });
        await Expect(link).ToBeVisibleAsync();

        var served = await page.Page.Context.RunAndWaitForPageAsync(() => link.ClickAsync());
        await Expect(served.Locator("body")).ToHaveTextAsync("hello-from-port", new() { Timeout = 15_000 });
        Assert.Matches("/ports/[^/]+/$", served.Url);

        // The sandbox: an opaque origin, so the app's pages are another site's, read without the session.
        Assert.Equal("null", await served.EvaluateAsync<string>("() => window.origin"));
        var reading = await served.EvaluateAsync<string>("""
            async () => {
              try { const r = await fetch("/leases/list", { credentials: "include" }); return "read " + r.status; }
              catch (e) { return "refused"; }
            }
            """);
        Assert.Equal("refused", reading);
        await served.CloseAsync();
    }

    [Fact]
    public async Task ShareShowsALink_AndThePanelWithItsPortsPassesAxe()
    {
        var lease = await ProvisionAsync(120, "web");
        var page = await OpenAsync($"/?selected={lease.LeaseId}");

        await page.Page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = $"Share port 8080 of lease {lease.LeaseId[..12]}" }).ClickAsync();
        var url = page.Flash.Locator("input.share-url");
        await Expect(url).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^http://[^/]+/ports/[^/]+/$"));
        await Expect(page.Flash).ToContainTextAsync("anyone who has it can open that port");
        var shared = await url.InputValueAsync();

        Assert.Empty(await page.AccessibilityFindingsAsync());

        using var stranger = new HttpClient();
        using var before = await Eventually.ValueAsync(() => stranger.GetAsync(shared), r => r.StatusCode == System.Net.HttpStatusCode.OK, TimeSpan.FromSeconds(10), "httpd starts");
        await page.Page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = $"Revoke links to the ports of lease {lease.LeaseId[..12]}" }).ClickAsync();
        await Expect(page.Flash).ToContainTextAsync("Revoked every link to the ports of");
        using var after = await stranger.GetAsync(shared);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, after.StatusCode);
    }
}
