using System.Text.RegularExpressions;
using ContainerLease.Tests.Integration.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ContainerLease.Tests.Browser;

/// <summary>axe-core on every page the app serves, in the states users see: no serious or critical finding.</summary>
[Collection(SharedBrowser.Name)]
public sealed class AccessibilityTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task SignInPage_HasNoSeriousFindings_EvenWithAnError()
    {
        var page = await OpenSignedOutAsync("/login");
        await page.AssertAccessibleAsync("sign-in");

        await page.Page.GetByLabel("User name").FillAsync("nobody");
        await page.Page.GetByLabel("Password").FillAsync("wrong");
        await page.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Page.Locator("main")).ToContainTextAsync("The user name or the password is wrong.");
        await page.AssertAccessibleAsync("sign-in with an error");
    }

    [Fact]
    public async Task LeasePage_WithLeasesASelectedPanelAndAFieldError_HasNoSeriousFindings()
    {
        var lease = await ProvisionAsync(120, "ticker");
        await ProvisionAsync(120);
        var page = await OpenAsync($"/?selected={lease.LeaseId}", TestUsers.Admin);
        await page.WaitUntilSettledAsync();
        await Expect(page.Page.Locator("#log-viewer .log-line").First).ToBeVisibleAsync();
        await page.AssertAccessibleAsync("lease page with leases and logs");

        await page.ProvisionAsync("sleeper", "999", "hours");
        await Expect(page.Page.Locator("#duration-error")).ToBeVisibleAsync();
        await page.AssertAccessibleAsync("lease page with a field error");
    }

    [Fact]
    public async Task DeniedAndErrorPages_HaveNoSeriousFindings()
    {
        var page = await OpenAsync(user: TestUsers.Bob);
        await page.Page.GotoAsync("/hangfire");
        await Expect(page.Page).ToHaveURLAsync(new Regex("/denied"));
        await page.AssertAccessibleAsync("denied");

        await page.Page.GotoAsync("/error");
        await Expect(page.Page.Locator("main")).ToContainTextAsync("error id");
        await page.AssertAccessibleAsync("error");
    }
}
