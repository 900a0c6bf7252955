using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ContainerLease.Tests.Browser;

/// <summary>The log viewer in the lease panel, in a real Chromium, on a container that keeps printing.</summary>
[Collection(SharedBrowser.Name)]
public sealed class LogViewerTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task Viewer_ShowsLinesLive_WithStderrApart_AndFilterPauseFollowDownloadWork()
    {
        var lease = await ProvisionAsync(120, "ticker");
        await using var page = await OpenAsync($"/?selected={lease.LeaseId}");
        var lines = page.Page.Locator("#log-viewer .log-line");

        // Live: lines keep arriving while the page stays open.
        await Expect(lines.Filter(new() { HasText = "tick 3" }).First).ToBeAttachedAsync();
        await Expect(lines.Filter(new() { HasTextRegex = new("^tick 12$") })).ToHaveCountAsync(1);
        await Expect(page.Page.Locator("#log-viewer .log-stderr").First).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^oops \\d+$"));

        // Filter keeps only matching lines visible.
        await page.Page.Locator("[data-log=filter]").FillAsync("oops");
        await Expect(page.Page.Locator("#log-viewer .log-line:visible").First).ToContainTextAsync("oops");
        var visible = await page.Page.Locator("#log-viewer .log-line:visible").AllTextContentsAsync();
        Assert.All(visible, text => Assert.StartsWith("oops", text, StringComparison.Ordinal));
        await page.Page.Locator("[data-log=filter]").FillAsync(string.Empty);

        // Pause holds new lines back; resume shows them.
        await page.Page.Locator("[data-log=pause]").ClickAsync();
        var held = await lines.CountAsync();
        await page.Page.WaitForTimeoutAsync(1500);
        Assert.Equal(held, await lines.CountAsync());
        await page.Page.Locator("[data-log=pause]").ClickAsync();
        await Expect(lines).Not.ToHaveCountAsync(held);

        // Scrolling up stops following and offers the way back.
        await page.Page.Locator("[data-log=lines]").EvaluateAsync("box => { box.scrollTop = 0; box.dispatchEvent(new Event('scroll')); }");
        await Expect(page.Page.Locator("[data-log=follow]")).Not.ToBeCheckedAsync();
        await page.Page.Locator("[data-log=jump]").ClickAsync();
        await Expect(page.Page.Locator("[data-log=follow]")).ToBeCheckedAsync();

        // Download gives the lines as a text file: the raw output, escape sequences as printed (the README says so).
        var download = await page.Page.RunAndWaitForDownloadAsync(() => page.Page.Locator("[data-log=download]").ClickAsync());
        var path = await download.PathAsync();
        var text = await File.ReadAllTextAsync(path);
        Assert.Equal($"lease-{lease.LeaseId}.log", download.SuggestedFilename);
        Assert.Contains(" stdout tick 1\n", text, StringComparison.Ordinal);
        Assert.Contains(" stderr oops 5\n", text, StringComparison.Ordinal);
        Assert.Contains(" stdout \u001b[1mbold 6\u001b[0m\n", text, StringComparison.Ordinal);
        Assert.Empty(page.Problems);
    }
}
