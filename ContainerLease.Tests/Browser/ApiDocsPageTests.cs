using ContainerLease.Mvc.OpenApi;
using ContainerLease.Tests.Integration.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ContainerLease.Tests.Browser;

/// <summary>
/// The API's OpenAPI document rendered by Scalar for a signed-in user: reached from /api/docs,
/// every script and request from the app itself (no CDN), within the page's content security
/// policy (a violation is a console error, which fails the test), and passing axe-core.
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed class ApiDocsPageTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task SignedIn_SeesTheDocument_FromThisOriginAlone_AndItPassesAxe()
    {
        await using var page = await OpenAsync("/", TestUsers.Alice);
        var elsewhere = new List<string>();
        var origin = new Uri(page.Page.Url).GetLeftPart(UriPartial.Authority);
        page.Page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(origin, StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                lock (elsewhere)
                {
                    elsewhere.Add(request.Url);
                }
            }
        };

        var home = await page.Page.GotoAsync("/");
        var docs = await page.Page.GotoAsync(OpenApiRegistration.DocsRedirectPath, new() { WaitUntil = WaitUntilState.NetworkIdle });

        // The docs page's scripts need this response's nonce; other pages get neither a script nonce nor inline styles.
        var policy = await docs!.HeaderValueAsync("content-security-policy");
        Assert.Matches("script-src 'self' 'nonce-[0-9a-f]{32}';", policy);
        Assert.DoesNotContain("unsafe-inline", (await home!.HeaderValueAsync("content-security-policy"))!, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", (await home.HeaderValueAsync("content-security-policy"))!, StringComparison.Ordinal);

        await Expect(page.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/docs/api/$"));
        await Expect(page.Page.GetByRole(AriaRole.Heading, new() { Name = "ContainerLease API" }).First).ToBeVisibleAsync();
        // Scalar renders operations after the heading, in idle time, and opens only the first tag
        // (alphabetically, Audit): the leases tag is in its navigation, an operation's path on the page.
        await Expect(page.Page.Locator("a[href^='#tag/leases']").First).ToBeAttachedAsync(new() { Timeout = 60_000 });
        await Expect(page.Page.GetByText("/api/", new() { Exact = false }).First).ToBeAttachedAsync(new() { Timeout = 60_000 });
        lock (elsewhere)
        {
            Assert.True(elsewhere.Count == 0, "requests to other origins: " + string.Join(", ", elsewhere));
        }

        var findings = await page.AccessibilityFindingsAsync();
        Assert.True(findings.Count == 0, "axe-core on the API docs page:" + Environment.NewLine + string.Join(Environment.NewLine, findings));
    }

    [Fact]
    public async Task SignedOut_IsSentToSignIn()
    {
        await using var page = await OpenSignedOutAsync(OpenApiRegistration.DocsPath);
        await Expect(page.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login"));
    }
}
