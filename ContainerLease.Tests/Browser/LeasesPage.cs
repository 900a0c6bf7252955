using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using ContainerLease.Tests.Deployment;
using ContainerLease.Tests.Integration.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ContainerLease.Tests.Browser;

/// <summary>
/// The leases page open in its own browser context, with what went wrong on the way recorded:
/// console errors, uncaught exceptions, failed requests and error answers; and the SignalR
/// frames the page received, as proof that a change was pushed rather than polled for.
/// </summary>
public sealed partial class LeasesPage : IAsyncDisposable
{
    private const string Marker = "__containerLeaseNotReloaded";

    private readonly IBrowserContext _context;
    private readonly ConcurrentQueue<string> _problems = new();
    private readonly ConcurrentDictionary<string, bool> _downloads = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string Url, string Problem, bool Aborted)> _failedRequests = new();

    private LeasesPage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                _problems.Enqueue($"console error: {message.Text}");
            }
        };
        page.PageError += (_, error) => _problems.Enqueue($"uncaught: {error}");
        page.Download += (_, download) => _downloads.TryAdd(download.Url, true);
        page.RequestFailed += (_, request) => _failedRequests.Enqueue((request.Url, $"request failed: {request.Method} {request.Url} ({request.Failure})", request.Failure == "net::ERR_ABORTED"));
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                _problems.Enqueue($"{response.Status} for {response.Request.Method} {response.Url}");
            }
        };
        page.WebSocket += (_, socket) => socket.FrameReceived += (_, frame) => PushedFrames.Enqueue(frame.Text ?? string.Empty);
        page.Dialog += (_, dialog) =>
        {
            Dialogs.Enqueue($"{dialog.Type}: {dialog.Message}");
            _ = AcceptDialogs ? dialog.AcceptAsync() : dialog.DismissAsync();
        };
    }

    public IPage Page { get; }

    /// <summary>
    /// What went wrong on the page. The browser ends a navigation it turned into a download (a file the
    /// panel's GET form fetched) with ERR_ABORTED, before it reports the download: that failed nothing.
    /// </summary>
    public IReadOnlyList<string> Problems =>
        [.. _problems, .. _failedRequests.Where(f => !(f.Aborted && _downloads.ContainsKey(f.Url))).Select(f => f.Problem)];

    public ConcurrentQueue<string> PushedFrames { get; } = new();

    /// <summary>Every dialog shown, as "type: message".</summary>
    public ConcurrentQueue<string> Dialogs { get; } = new();

    public bool AcceptDialogs { get; set; } = true;

    public ILocator LiveStatus => Page.Locator("#live-status");

    public ILocator Flash => Page.Locator("#flash");

    public ILocator Rows => Page.Locator("#lease-list tbody tr");

    /// <summary>Opens <paramref name="path"/> as a visitor who has not signed in.</summary>
    public static async Task<LeasesPage> OpenSignedOutAsync(IBrowserContext context, string path)
    {
        var page = new LeasesPage(context, await context.NewPageAsync());
        await page.Page.GotoAsync(path);
        return page;
    }

    /// <summary>Opens <paramref name="path"/>, which sends a new visitor to the sign-in page first, and signs in there.</summary>
    public static async Task<LeasesPage> OpenAsync(IBrowserContext context, string path, TestUser user)
    {
        var page = await OpenSignedOutAsync(context, path);
        await Expect(page.Page).ToHaveURLAsync(new Regex("/login\\?ReturnUrl="));
        await page.Page.GetByLabel("User name").FillAsync(user.Name);
        await page.Page.GetByLabel("Password").FillAsync(user.Password);
        await page.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Page.Locator("#signed-in-as")).ToContainTextAsync(user.Name);
        await page.Page.EvaluateAsync($"() => {{ window.{Marker} = true; }}");
        return page;
    }

    public ILocator Row(string leaseId) => Page.Locator($"tr#lease-{leaseId}");

    public ILocator Ended(string leaseId) => Page.Locator($"li#ended-{leaseId}");

    public Task WaitUntilLiveAsync() => Expect(LiveStatus).ToHaveTextAsync("Live updates on");

    /// <summary>
    /// Live, and the refresh the page asks for on connecting has been swapped in: no htmx request
    /// in flight. Acting before that can lose the change the action causes (see the skipped
    /// ListRefresh test: a notice that arrives during a refresh is dropped).
    /// </summary>
    public async Task WaitUntilSettledAsync()
    {
        await WaitUntilLiveAsync();
        await Page.WaitForFunctionAsync("() => document.querySelector('.htmx-request') === null");
    }

    /// <summary>False once the page has navigated or reloaded since it was opened.</summary>
    public Task<bool> StillTheSameDocumentAsync() => Page.EvaluateAsync<bool>($"() => window.{Marker} === true");

    public async Task<IReadOnlyList<string>> RowIdsAsync() =>
        await Rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.id)");

    public async Task ProvisionAsync(string imageType, string amount, string unit)
    {
        await Page.Locator($"#image-{imageType}").CheckAsync();
        await Page.Locator("#duration-amount").FillAsync(amount);
        await Page.Locator("#duration-unit").SelectOptionAsync(unit);
        await Page.Locator("#provision-form button[type=submit]").ClickAsync();
    }

    public bool WasPushed(string leaseId) =>
        PushedFrames.Any(f => f.Contains("\"leasesChanged\"", StringComparison.Ordinal) && f.Contains(leaseId, StringComparison.Ordinal));

    /// <summary>
    /// axe-core's serious and critical findings on the page as it is now, one "rule: element (why)"
    /// per element. axe is evaluated through the DevTools protocol, so the page's CSP need not allow it.
    /// </summary>
    /// <summary>Fails the test if axe-core finds anything serious or critical on the page as it is now.</summary>
    public async Task AssertAccessibleAsync(string what)
    {
        var findings = await AccessibilityFindingsAsync();
        Assert.True(findings.Count == 0, $"axe-core on the {what} page:{Environment.NewLine}{string.Join(Environment.NewLine, findings)}");
    }

    public async Task<IReadOnlyList<string>> AccessibilityFindingsAsync()
    {
        await Page.EvaluateAsync(await File.ReadAllTextAsync(Repository.File("node_modules/axe-core/axe.min.js")));
        return await Page.EvaluateAsync<string[]>("""
            async () => {
              const results = await axe.run(document, { resultTypes: ["violations"] });
              return results.violations
                .filter((v) => v.impact === "serious" || v.impact === "critical")
                .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(" ")} (${n.failureSummary})`));
            }
            """);
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();

    /// <summary>Seconds in a countdown such as "1 hour 2 minutes 3 seconds left"; null for "expired" or anything else.</summary>
    public static int? CountdownSeconds(string text)
    {
        var match = CountdownText().Match(text.Trim());
        if (!match.Success)
        {
            return null;
        }

        static int Part(Group group) => group.Success ? int.Parse(group.Value, CultureInfo.InvariantCulture) : 0;
        return (Part(match.Groups["h"]) * 3600) + (Part(match.Groups["m"]) * 60) + Part(match.Groups["s"]);
    }

    [GeneratedRegex("^(?:(?<h>\\d+) hours? ?)?(?:(?<m>\\d+) minutes? ?)?(?:(?<s>\\d+) seconds?)? left$")]
    private static partial Regex CountdownText();
}
