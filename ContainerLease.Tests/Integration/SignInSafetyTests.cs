using System.Net;
using ContainerLease.Mvc.Logging;
using ContainerLease.Tests.Integration.Infrastructure;

namespace ContainerLease.Tests.Integration;

/// <summary>
/// What a client sends to the sign-in page can neither forge log lines nor choose the address the
/// sign-in limit counts by; behind configured proxies the limit counts the real client.
/// </summary>
public sealed class SignInSafetyTests
{
    private const string Forged = "12:00:00.000 Information Auth: admin signed in"; // within the 64 characters a user name may have

    [Fact]
    public async Task AUserNameWithNewlines_IsLoggedOnOneLine_WithTheClientAddress()
    {
        var installation = TestSettings.NewInstallationId();
        await using var app = new LeaseApp(TestSettings.For(installation, redis: null), kestrel: true);
        using var client = app.Anonymous();

        using var response = await client.PostAsync("/login", await Clients.FormAsync(client, "/login", new() { ["UserName"] = "x\n" + Forged, ["Password"] = "wrong" }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var log = await File.ReadAllLinesAsync(FileLoggerProvider.PathFor(installation));
        Assert.DoesNotContain(log, line => line.StartsWith(Forged, StringComparison.Ordinal));
        Assert.Contains(log, line => line.Contains("A sign-in as x\\u000A12:00:00.000", StringComparison.Ordinal) && line.Contains("from 127.0.0.1 failed", StringComparison.Ordinal));
    }

    [Fact]
    public void LogText_EscapesEveryControlCharacter_AndCutsALongValue()
    {
        Assert.Equal("a\\u000Db\\u001B[31mc\\u2028", LogText.Of("a\rb\u001b[31mc\u2028"));
        Assert.Equal(new string('x', 256) + "… (cut)", LogText.Of(new string('x', 10_000)));
        Assert.Equal("(none)", LogText.Of(null));
    }

    [Fact]
    public async Task WithoutConfiguredProxies_AForwardedForHeaderDoesNotEscapeTheSignInLimit()
    {
        await using var app = new LeaseApp(LimitedTo(2), kestrel: true);

        await FailTwiceAsync(app, "203.0.113.1");

        Assert.Equal(HttpStatusCode.TooManyRequests, await SignInFromAsync(app, "203.0.113.2"));
    }

    [Fact]
    public async Task BehindAConfiguredProxy_TheSignInLimitCountsEachRealClient()
    {
        var settings = LimitedTo(2);
        settings["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1";
        await using var app = new LeaseApp(settings, kestrel: true);

        await FailTwiceAsync(app, "203.0.113.1");

        Assert.Equal(HttpStatusCode.TooManyRequests, await SignInFromAsync(app, "203.0.113.1"));
        Assert.Equal(HttpStatusCode.OK, await SignInFromAsync(app, "203.0.113.2"));
    }

    [Theory]
    [InlineData("ForwardedHeaders:KnownProxies:0", "proxy.example.com", "ForwardedHeaders:KnownProxies has 'proxy.example.com'")]
    [InlineData("ForwardedHeaders:KnownNetworks:0", "10.0.0.0/33", "ForwardedHeaders:KnownNetworks has '10.0.0.0/33'")]
    public void ABadProxySetting_StopsTheStart_NamingIt(string key, string value, string expected)
    {
        var settings = TestSettings.For(TestSettings.NewInstallationId(), redis: null);
        settings[key] = value;
        using var app = new LeaseApp(settings);

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains(expected, error.ToString(), StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> LimitedTo(int perMinute)
    {
        var settings = TestSettings.For(TestSettings.NewInstallationId(), redis: null);
        settings["RateLimits:SignInsPerMinute"] = perMinute.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return settings;
    }

    private static async Task FailTwiceAsync(LeaseApp app, string forwardedFor)
    {
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await SignInFromAsync(app, forwardedFor));
        }
    }

    private static async Task<HttpStatusCode> SignInFromAsync(LeaseApp app, string forwardedFor)
    {
        using var client = app.Anonymous();
        var form = await Clients.FormAsync(client, "/login", new() { ["UserName"] = "alice", ["Password"] = "wrong" });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/login") { Content = form };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
