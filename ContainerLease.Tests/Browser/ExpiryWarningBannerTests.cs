using System.Net.Http.Json;
using ContainerLease.Tests.Integration.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ContainerLease.Tests.Browser;

/// <summary>The expiry and idle warnings on the owner's open page: an app of its own, whose leases are warned seconds ahead.</summary>
[Collection(SharedBrowser.Name)]
public sealed class ExpiryWarningBannerTests(BrowserFixture fixture) : PrivateInstallation
{
    [Fact]
    public async Task TheOwnersPage_ShowsTheWarning_AndItsButtonExtendsInPlace()
    {
        var settings = Settings;
        // The banner shows 5 s after the start and leaves 10 s to press its button: a loaded machine
        // was seen to take more than the 3 s this once left, and the lease had expired under the click.
        settings["Leases:WarnBefore:0"] = "00:00:10";
        settings["Leases:MaximumDuration"] = "02:00:00";
        await using var app = new LeaseApp(settings, kestrel: true);
        using var api = app.CreateClient();
        await using var page = await fixture.OpenAsync("/", app: api.BaseAddress);
        await using var admin = await fixture.OpenAsync("/", TestUsers.Admin, app: api.BaseAddress);
        await page.WaitUntilLiveAsync();
        await admin.WaitUntilLiveAsync();

        using var response = await api.PostAsJsonAsync("/api/provision", new { imageType = "sleeper", durationSeconds = 15 });
        var lease = (await response.Content.ReadFromJsonAsync<LeaseResponse>())!;
        var banner = page.Page.Locator($"#warning-{lease.LeaseId}");
        await Expect(banner).ToBeVisibleAsync();
        await Expect(banner).ToContainTextAsync($"Your sleeper lease {lease.LeaseId[..12]} expires at");
        Assert.Equal(1, await page.Page.Locator(".expiry-warning").CountAsync());
        Assert.Empty(await page.AccessibilityFindingsAsync());

        await banner.GetByRole(AriaRole.Button, new() { Name = $"+15 min: extend lease {lease.LeaseId[..12]} by 15 minutes", Exact = true }).ClickAsync();

        await Expect(banner).ToHaveCountAsync(0);
        await Expect(page.Page.Locator("p.flash")).ToContainTextAsync($"Extended sleeper lease {lease.LeaseId[..12]} by 15 min");
        var extended = (await api.GetFromJsonAsync<LeaseResponse>($"/api/leases/{lease.LeaseId}"))!;
        Assert.Equal(lease.ExpiresAt + TimeSpan.FromMinutes(15), extended.ExpiresAt);
        Assert.True(await page.StillTheSameDocumentAsync(), "the page reloaded");
        // The warning is its owner's: an admin's page, which sees the lease, shows none.
        Assert.Equal(0, await admin.Page.Locator(".expiry-warning").CountAsync());
        Assert.Empty(page.Problems);
        Assert.Empty(admin.Problems);
        await api.DeleteAsync($"/api/leases/{lease.LeaseId}");
    }

    [Fact]
    public async Task TheOwnersPage_ShowsTheIdleWarning_AndKeepItCountsAsActivity()
    {
        var settings = Settings;
        // The warning shows about 6 s after the start and leaves 10 s to press its button (see above).
        TestSettings.AddIdler(settings, idleTimeout: "00:00:16");
        settings["Leases:WarnBefore:0"] = "00:00:10";
        await using var app = new LeaseApp(settings, kestrel: true);
        using var api = app.CreateClient();
        await using var page = await fixture.OpenAsync("/", app: api.BaseAddress);
        await page.WaitUntilLiveAsync();

        using var response = await api.PostAsJsonAsync("/api/provision", new { imageType = "idler", durationSeconds = 120 });
        var lease = (await response.Content.ReadFromJsonAsync<LeaseResponse>())!;
        var shortId = lease.LeaseId[..12];
        var banner = page.Page.Locator($"#warning-{lease.LeaseId}");
        await Expect(banner).ToBeVisibleAsync();
        await Expect(banner).ToContainTextAsync($"Your idler lease {shortId} has had no activity since");
        Assert.Empty(await page.AccessibilityFindingsAsync());

        await banner.GetByRole(AriaRole.Button, new() { Name = $"Keep it: count this as activity in lease {shortId}", Exact = true }).ClickAsync();

        await Expect(banner).ToHaveCountAsync(0);
        await Expect(page.Page.Locator("p.flash")).ToContainTextAsync($"Kept idler lease {shortId}: its idle clock starts again.");
        // Past the idle deadline it had before the button, it is still there.
        await Task.Delay(lease.CreatedAt + TimeSpan.FromSeconds(18) - DateTimeOffset.UtcNow is { Ticks: > 0 } wait ? wait : TimeSpan.Zero);
        Assert.Equal("active", (await api.GetFromJsonAsync<LeaseResponse>($"/api/leases/{lease.LeaseId}"))!.Status);
        Assert.Empty(page.Problems);
        await api.DeleteAsync($"/api/leases/{lease.LeaseId}");
    }
}
