using System.Globalization;
using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace ContainerLease.Tests.Browser;

/// <summary>The usage panel in a real Chromium: live figures and sparklines for the selected lease.</summary>
[Collection(SharedBrowser.Name)]
public sealed partial class UsagePanelTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task ThePanelShowsTheEntrysLimits_AndItsFiguresMoveWhenTheContainerWorks()
    {
        var lease = await ProvisionAsync(120);
        var page = await OpenAsync($"/?selected={lease.LeaseId}");
        var usage = page.Page.Locator("#usage");

        await Expect(usage.Locator("[data-usage=memory]")).ToContainTextAsync("of 48.0 MB");
        await Expect(usage.Locator("[data-usage=pids]")).ToContainTextAsync(new Regex("^\\d+ of 16$"));
        await Expect(usage.Locator("[data-usage=cpu-chart] polyline")).ToHaveAttributeAsync("points", new Regex("\\d+(\\.\\d)?,\\d"));

        // A busy loop started behind the page's back shows up in the CPU figure.
        var busy = await Fixture.Docker.Exec.ExecCreateContainerAsync(lease.ContainerId, new global::Docker.DotNet.Models.ContainerExecCreateParameters { Cmd = ["sh", "-c", "while :; do :; done"] });
        await Fixture.Docker.Exec.StartContainerExecAsync(busy.ID);
        await Expect(usage.Locator("[data-usage=cpu]")).ToHaveTextAsync(Busy());
        var cpu = double.Parse(Busy().Match(await usage.Locator("[data-usage=cpu]").InnerTextAsync()).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(cpu, 10, 30); // the entry allows a quarter of a core
    }

    [GeneratedRegex(@"^([1-9]\d(?:\.\d)?) %$")]
    private static partial Regex Busy();
}
