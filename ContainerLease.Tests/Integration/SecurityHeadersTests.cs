using System.Text.RegularExpressions;
using ContainerLease.Tests.Integration.Infrastructure;

namespace ContainerLease.Tests.Integration;

[Collection(SharedApp.Name)]
public sealed class SecurityHeadersTests(AppFixture app)
{
    [Theory]
    [InlineData("/")]
    [InlineData("/leases/list")]
    [InlineData("/api/containers")]
    [InlineData("/js/leases.js")]
    public async Task Responses_ForbidSniffingFramingAndForeignScripts(string path)
    {
        using var response = await app.Client.GetAsync(path);

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/", true)]
    [InlineData("/leases/list", true)]
    [InlineData("/api/containers", true)]
    [InlineData("/api/leases/0123456789abcdef0123456789abcdef", true)]
    [InlineData("/api/no-such-endpoint", true)]
    [InlineData("/no-such-page", true)]
    [InlineData("/lib/htmx/htmx.min.js", false)]
    [InlineData("/js/leases.js", false)]
    public async Task AnswersWithLeases_AreNeverStored_WhileStaticFilesMayBe(string path, bool noStore)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("HX-Request", "true");

        using var response = await app.Client.SendAsync(request);

        Assert.Equal(noStore, response.Headers.CacheControl?.NoStore ?? false);
    }

    [Fact]
    public async Task Pages_HaveNoInlineScriptOrEventHandler()
    {
        var html = await app.Client.GetStringAsync("/");

        Assert.DoesNotMatch(new Regex("<script(?![^>]*\\bsrc=)[^>]*>"), html);
        Assert.DoesNotMatch(new Regex("\\son[a-z]+\\s*=", RegexOptions.IgnoreCase), html);
    }

    [Fact]
    public async Task APageAdmitsStyleElementsOnlyWithItsOwnFreshNonce_AndNoMarkupCarriesIt()
    {
        using var first = await app.Client.GetAsync("/");
        using var second = await app.Client.GetAsync("/");
        using var fragment = await app.Client.GetAsync("/leases/list");

        var html = await first.Content.ReadAsStringAsync();
        var nonce = Regex.Match(html, "<meta name=\"style-nonce\" content=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(nonce);
        Assert.EndsWith($"style-src 'self' 'nonce-{nonce}'", first.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.DoesNotContain(nonce, second.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.EndsWith("style-src 'self'", fragment.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.DoesNotMatch(new Regex("<(style|link)[^>]*\\bnonce="), html);
    }
}
