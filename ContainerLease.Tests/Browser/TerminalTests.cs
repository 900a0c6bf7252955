using System.Text.RegularExpressions;
using ContainerLease.Mvc.Terminal;
using ContainerLease.Tests.Integration.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ContainerLease.Tests.Browser;

/// <summary>The terminal in the lease panel, in a real Chromium, typing into a shell in a container of the real engine.</summary>
[Collection(SharedBrowser.Name)]
public sealed partial class TerminalTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task TypedCommandsRun_CharactersArriveWhole_AndTheTtyFollowsTheWindow()
    {
        var lease = await ProvisionAsync(300);
        var page = await OpenAsync($"/?selected={lease.LeaseId}");
        var screen = await OpenTerminalAsync(page);

        await TypeAsync(page, "echo $((6*7))-ok");
        await Expect(screen).ToContainTextAsync("42-ok");

        // Enough to cross many reads: a character split between two of them must still arrive whole.
        await TypeAsync(page, "i=0; while [ $i -lt 400 ]; do i=$((i+1)); printf 'h\\303\\251llo \\342\\234\\223 \\346\\274\\242\\345\\255\\227 %d\\n' $i; done");
        await Expect(screen).ToContainTextAsync("héllo ✓ 漢字 400");
        Assert.DoesNotContain('\uFFFD', await screen.InnerTextAsync());

        await TypeAsync(page, "echo size=$(stty size)");
        var before = await LastSizeAsync(screen);
        await page.Page.SetViewportSizeAsync(900, 900);
        await page.Page.WaitForTimeoutAsync(500); // the new size reaches the server before the next command
        await TypeAsync(page, "clear; echo size=$(stty size)");
        await Expect(screen).Not.ToContainTextAsync($"size={before.Rows} {before.Columns}");
        var after = await LastSizeAsync(screen);
        Assert.True(after.Columns < before.Columns, $"{before.Columns} columns before, {after.Columns} after the window narrowed");

        var findings = await page.AccessibilityFindingsAsync();
        Assert.True(findings.Count == 0, "axe-core with the terminal open:" + Environment.NewLine + string.Join(Environment.NewLine, findings));
    }

    [Fact]
    public async Task EndingTheLease_EndsTheTerminalWithANotice()
    {
        var lease = await ProvisionAsync(300);
        var page = await OpenAsync($"/?selected={lease.LeaseId}");
        var screen = await OpenTerminalAsync(page);
        await TypeAsync(page, "echo still-here");
        await Expect(screen).ToContainTextAsync("still-here\n");

        await Fixture.TerminateAsync([lease.LeaseId]);

        await Expect(page.Page.Locator("[data-terminal=status]")).ToHaveTextAsync(TerminalHub.LeaseEndedNotice);
    }

    [Fact]
    public async Task PausingTheLease_IsSaidByTheTerminalAndTheLog_AndResumingItToo()
    {
        var lease = await ProvisionAsync(300);
        var page = await OpenAsync($"/?selected={lease.LeaseId}");
        await OpenTerminalAsync(page);
        var terminalStatus = page.Page.Locator("[data-terminal=status]");
        var logStatus = page.Page.Locator("#log-viewer [data-log=status]");

        await page.Page.Locator("#panel-details").GetByRole(AriaRole.Button, new() { Name = $"Pause lease {lease.LeaseId[..12]}", Exact = true }).ClickAsync();

        await Expect(terminalStatus).ToHaveTextAsync("The container is paused; what you type waits until it resumes.");
        await Expect(logStatus).ToHaveTextAsync("The container is paused; its log goes on when it resumes.");

        await page.Page.Locator("#panel-details").GetByRole(AriaRole.Button, new() { Name = $"Resume lease {lease.LeaseId[..12]}", Exact = true }).ClickAsync();

        await Expect(terminalStatus).ToHaveTextAsync("Connected");
        await Expect(logStatus).ToHaveTextAsync("Live");
        await TypeAsync(page, "echo after-$((40+2))");
        await Expect(page.Page.Locator("#terminal .xterm-rows")).ToContainTextAsync("after-42");
    }

    [Fact]
    public async Task AnEntryWithoutAShell_SaysSo_AndAnotherUserGetsNoTerminal()
    {
        var quiet = await ProvisionAsync(120, "ticker");
        var page = await OpenAsync($"/?selected={quiet.LeaseId}");
        await Expect(page.Page.Locator("#terminal")).ToContainTextAsync("This catalog entry offers no terminal.");
        await Expect(page.Page.Locator("[data-terminal=open]")).ToHaveCountAsync(0);

        var lease = await ProvisionAsync(120);
        var bob = await OpenAsync($"/?selected={lease.LeaseId}", TestUsers.Bob);
        await bob.WaitUntilSettledAsync();
        await Expect(bob.Page.Locator("#terminal")).ToHaveCountAsync(0);
    }

    private static async Task<ILocator> OpenTerminalAsync(LeasesPage page)
    {
        await page.Page.Locator("[data-terminal=open]").ClickAsync();
        await Expect(page.Page.Locator("[data-terminal=status]")).ToHaveTextAsync("Connected");
        var screen = page.Page.Locator("#terminal .xterm-rows");
        await Expect(screen).ToContainTextAsync("#"); // the shell's prompt
        return screen;
    }

    private static async Task TypeAsync(LeasesPage page, string command)
    {
        await page.Page.Locator("#terminal .xterm-helper-textarea").FocusAsync();
        await page.Page.Keyboard.TypeAsync(command);
        await page.Page.Keyboard.PressAsync("Enter");
    }

    private static async Task<(int Rows, int Columns)> LastSizeAsync(ILocator screen)
    {
        await Expect(screen).ToContainTextAsync(Size());
        var match = Size().Matches(await screen.InnerTextAsync())[^1];
        return (int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"size=(\d+) (\d+)")]
    private static partial Regex Size();
}
