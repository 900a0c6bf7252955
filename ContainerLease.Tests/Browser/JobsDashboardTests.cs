using ContainerLease.Tests.Integration.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ContainerLease.Tests.Browser;

/// <summary>
/// The Hangfire dashboard behind the app's sign-in: usable by an admin, whose actions pass
/// Hangfire's own antiforgery check, and closed to a user.
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed class JobsDashboardTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task Admin_TriggersTheSweepFromTheDashboard()
    {
        await using var page = await OpenAsync(user: TestUsers.Admin);
        // Each navigation ends before the next one starts (the leases page's own scripts included,
        // which a loaded machine was seen still fetching): a request cut short by a navigation is
        // a failed request, which the test would rightly report.
        await page.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.Page.GetByRole(AriaRole.Link, new() { Name = "Jobs" }).ClickAsync();
        await page.Page.WaitForURLAsync("**/hangfire", new() { WaitUntil = WaitUntilState.NetworkIdle });
        await page.Page.GotoAsync("/hangfire/recurring");
        var row = page.Page.Locator("tr").Filter(new() { HasText = "orphan-sweep" });
        await Expect(row).ToHaveCountAsync(1);

        await row.Locator("input[type=checkbox]").CheckAsync();
        var reloaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        page.Page.Load += (_, _) => reloaded.TrySetResult();
        var triggered = await page.Page.RunAndWaitForResponseAsync(
            () => page.Page.GetByRole(AriaRole.Button, new() { Name = "Trigger now" }).ClickAsync(),
            response => response.Url.Contains("/hangfire/recurring/trigger", StringComparison.Ordinal));

        Assert.True(triggered.Ok, $"the dashboard's trigger answered {triggered.Status}");

        // The dashboard reloads itself after a command; the test ends once that reload is done
        // (waiting only for the network to be idle could end before the reload began, and the
        // page closed under it would abort the reload's request).
        await reloaded.Task.WaitAsync(TimeSpan.FromSeconds(15));
        await page.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }

    [Fact]
    public async Task User_IsToldTheDashboardIsNotForThem()
    {
        await using var page = await OpenAsync(user: TestUsers.Bob);

        await page.Page.GotoAsync("/hangfire");

        await Expect(page.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/denied"));
        await Expect(page.Page.Locator("main")).ToContainTextAsync("whose role may not open that page");
        await Expect(page.Page.GetByRole(AriaRole.Link, new() { Name = "Jobs" })).ToHaveCountAsync(0);
    }
}
