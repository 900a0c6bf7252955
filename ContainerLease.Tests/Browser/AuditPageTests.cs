using System.Net.Http.Json;
using System.Text.RegularExpressions;
using ContainerLease.Tests.Integration.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ContainerLease.Tests.Browser;

/// <summary>The audit log page in Chromium: reached from the header, filtered, following new events, downloaded, accessible; closed to users.</summary>
[Collection(SharedBrowser.Name)]
public sealed class AuditPageTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task Admin_FiltersTheLog_SeesNewEventsArrive_AndDownloadsIt()
    {
        var lease = await ProvisionAsync(120);
        var page = await OpenAsync(user: TestUsers.Admin);
        // Loaded in full first: a navigation that cuts the page's scripts short is a failed request.
        await page.WaitUntilSettledAsync();
        await page.Page.GetByRole(AriaRole.Link, new() { Name = "Audit", Exact = true }).ClickAsync();
        await Expect(page.Page.GetByRole(AriaRole.Heading, new() { Name = "Audit log" })).ToBeVisibleAsync();

        await page.Page.GetByRole(AriaRole.Textbox, new() { Name = "Lease", Exact = true }).FillAsync(lease.LeaseId);
        await page.Page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Expect(page.Page).ToHaveURLAsync(new Regex($"lease={lease.LeaseId}"));
        var events = page.Page.Locator("#audit-rows td.event");
        await Expect(events).ToHaveTextAsync(["provisioned"]);
        await page.WaitUntilLiveAsync();
        await page.AssertAccessibleAsync("audit");

        using (var extended = await Fixture.Api.PostAsJsonAsync($"/api/leases/{lease.LeaseId}/extend", new { durationSeconds = 60 }))
        {
            Assert.True(extended.IsSuccessStatusCode);
        }

        // Without a reload: the page hears of the change over its hub and fetches the rows again.
        await Expect(events).ToHaveTextAsync(["extended", "provisioned"]);

        var download = await page.Page.RunAndWaitForDownloadAsync(() => page.Page.GetByRole(AriaRole.Link, new() { Name = "Download CSV" }).ClickAsync());
        var csv = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.StartsWith("id,at,actor,event,lease,owner,detail\r\n", csv, StringComparison.Ordinal);
        Assert.Equal(3, csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task User_IsToldTheAuditLogIsNotForThem()
    {
        var page = await OpenAsync(user: TestUsers.Bob);
        await page.WaitUntilSettledAsync();
        await Expect(page.Page.GetByRole(AriaRole.Link, new() { Name = "Audit", Exact = true })).ToHaveCountAsync(0);

        await page.Page.GotoAsync("/audit");

        await Expect(page.Page).ToHaveURLAsync(new Regex("/denied"));
    }
}
