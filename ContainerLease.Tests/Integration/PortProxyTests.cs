using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Ports;
using ContainerLease.Mvc.Auth;
using Microsoft.Extensions.DependencyInjection;
using ContainerLease.Tests.Integration.Infrastructure;

namespace ContainerLease.Tests.Integration;

/// <summary>
/// The port proxy against busybox servers in a real container on the installation's bridge
/// (the "web" entry: httpd on 8080, a WebSocket stand-in on 8081, nothing on 8082).
/// </summary>
[Collection(SharedApp.Name)]
public sealed class PortProxyTests(AppFixture app)
{
    [Fact]
    public async Task TheOwnerAndAnAdmin_ReachThePort_WithAKey_AnonymousGets401_AnotherUser404()
    {
        var lease = await app.ProvisionAsync("web", 120);
        var path = $"/leases/{lease.LeaseId}/ports/8080/";
        Assert.Equal(path, lease.Urls!["8080"]);
        Assert.Equal(["8080", "8081", "8082"], lease.Urls.Keys.Order());

        var store = app.App.Services.GetRequiredService<ILeaseStore>();
        Assert.Null((await store.GetAsync(LeaseId.Parse(lease.LeaseId)))!.LastActivityAt);
        var served = await Eventually.ValueAsync(() => app.Client.GetAsync(path), r => r.StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(10), "httpd starts");
        Assert.Equal("hello-from-port\n", await served.Content.ReadAsStringAsync());
        Assert.NotNull((await store.GetAsync(LeaseId.Parse(lease.LeaseId)))!.LastActivityAt); // a proxied request is activity
        Assert.Contains(served.Headers.GetValues("Content-Security-Policy"), p => p.StartsWith("sandbox allow-scripts", StringComparison.Ordinal));
        Assert.Equal("no-referrer", Assert.Single(served.Headers.GetValues("Referrer-Policy")));

        using var admin = app.App.CreateClient().As(TestUsers.Admin);
        Assert.Equal("hello-from-port\n", await admin.GetStringAsync(path));

        using var anonymous = app.App.Anonymous();
        using var refused = await anonymous.GetAsync(path);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        using var bob = app.App.CreateClient().As(TestUsers.Bob);
        await LeaseApi.AssertProblemAsync(await bob.GetAsync(path), HttpStatusCode.NotFound, $"There is no active lease {lease.LeaseId} for you.");
        await LeaseApi.AssertProblemAsync(await app.Client.GetAsync($"/leases/{lease.LeaseId}/ports/9999/"), HttpStatusCode.NotFound, $"Lease {lease.LeaseId} serves no port 9999.");
        await app.Client.DeleteAsync($"/api/leases/{lease.LeaseId}");
    }

    [Fact]
    public async Task TheContainerSeesItsPrefix_ButNeverTheAppsCredentials_AndCannotSetOrClearTheAppsCookies()
    {
        var lease = await app.ProvisionAsync("web", 120);
        var prefix = $"/leases/{lease.LeaseId}/ports/8080";
        using var request = new HttpRequestMessage(HttpMethod.Get, prefix + "/cgi-bin/env");
        request.Headers.Add("Cookie", "containerlease.auth=secret; theirs=kept");
        using var env = await Eventually.ValueAsync(() => app.Client.SendAsync(Clone(request)), r => r.StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(10), "httpd starts");
        var text = await env.Content.ReadAsStringAsync();

        Assert.Contains($"HTTP_X_FORWARDED_PREFIX={prefix}\n", text, StringComparison.Ordinal);
        Assert.Contains("HTTP_COOKIE=theirs=kept\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain(TestUsers.Alice.ApiKey, text, StringComparison.Ordinal);

        using var cookie = await app.Client.GetAsync(prefix + "/cgi-bin/cookie");
        Assert.Equal([$"theirs=1; path={prefix}/app"], cookie.Headers.GetValues("Set-Cookie"));
        Assert.False(cookie.Headers.Contains("Clear-Site-Data"), "a container may not clear the app's cookies and storage");
        await app.Client.DeleteAsync($"/api/leases/{lease.LeaseId}");
    }

    [Fact]
    public async Task ABrowserIsSentToALink_WhichServesThePage_AndStopsWhenTheLeaseEnds()
    {
        var lease = await app.ProvisionAsync("web", 120);
        using var browser = await app.App.SignedInAsync(TestUsers.Alice);
        using var redirect = await Eventually.ValueAsync(
            () => browser.GetAsync($"/leases/{lease.LeaseId}/ports/8080/cgi-bin/env?x=1"), r => r.StatusCode == HttpStatusCode.Found, TimeSpan.FromSeconds(10), "a redirect");
        var link = redirect.Headers.Location!.OriginalString;
        Assert.Matches("^/ports/[^/]+/cgi-bin/env\\?x=1$", link);

        using var served = await Eventually.ValueAsync(() => browser.GetAsync(link), r => r.StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(10), "httpd starts");
        var text = await served.Content.ReadAsStringAsync();
        Assert.Contains("QUERY_STRING=x=1\n", text, StringComparison.Ordinal);
        Assert.Contains($"HTTP_X_FORWARDED_PREFIX={link[..link.IndexOf("/cgi-bin", StringComparison.Ordinal)]}\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("containerlease.auth", text, StringComparison.Ordinal);

        using var anonymous = app.App.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(link)).StatusCode);
        var tampered = link.Replace("/ports/", "/ports/x", StringComparison.Ordinal);
        await LeaseApi.AssertProblemAsync(await anonymous.GetAsync(tampered), HttpStatusCode.NotFound, "This link is damaged, or its time is up");

        await app.Client.DeleteAsync($"/api/leases/{lease.LeaseId}");
        await LeaseApi.AssertProblemAsync(await anonymous.GetAsync(link), HttpStatusCode.NotFound, $"There is no active lease {lease.LeaseId} for you.");
    }

    [Fact]
    public async Task AShareLink_ReachesThatPortOnly_UntilItsDeadline()
    {
        var lease = await app.ProvisionAsync("web", 120);
        var share = await ShareAsync(lease.LeaseId, 8080, new { durationSeconds = 3 });
        Assert.Equal(lease.LeaseId, share.GetProperty("leaseId").GetString());
        var url = share.GetProperty("url").GetString()!;
        var deadline = share.GetProperty("expiresAt").GetDateTimeOffset();
        Assert.InRange(deadline - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4));

        using var stranger = app.App.Anonymous();
        var served = await Eventually.ValueAsync(() => stranger.GetAsync(url), r => r.StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(2), "httpd starts");
        Assert.Equal("hello-from-port\n", await served.Content.ReadAsStringAsync());
        // The port is in the signed token: nothing in the path can turn it into another.
        using var other = await stranger.GetAsync(url + "../../leases/" + lease.LeaseId + "/ports/8081/");
        Assert.NotEqual(HttpStatusCode.OK, other.StatusCode);

        await Task.Delay(deadline - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1.5));
        await LeaseApi.AssertProblemAsync(await stranger.GetAsync(url), HttpStatusCode.NotFound, "its time is up");

        var untilTheEnd = await ShareAsync(lease.LeaseId, 8080, null);
        Assert.Equal(lease.ExpiresAt, untilTheEnd.GetProperty("expiresAt").GetDateTimeOffset());

        using var bob = app.App.CreateClient().As(TestUsers.Bob);
        using var bobs = await bob.PostAsJsonAsync($"/api/leases/{lease.LeaseId}/ports/8080/share", new { });
        Assert.Equal(HttpStatusCode.NotFound, bobs.StatusCode);
        using var noPort = await app.Client.PostAsJsonAsync($"/api/leases/{lease.LeaseId}/ports/9/share", new { });
        Assert.Equal(HttpStatusCode.NotFound, noPort.StatusCode);
        using var zero = await app.Client.PostAsJsonAsync($"/api/leases/{lease.LeaseId}/ports/8080/share", new { durationSeconds = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, zero.StatusCode);
        await app.Client.DeleteAsync($"/api/leases/{lease.LeaseId}");
    }

    [Fact]
    public async Task RevokingLinks_StopsEveryLinkMadeBefore_WhileTheLeaseAndNewLinksGoOn()
    {
        var lease = await app.ProvisionAsync("web", 120);
        var before = (await ShareAsync(lease.LeaseId, 8080, null)).GetProperty("url").GetString()!;
        using var stranger = app.App.Anonymous();
        using var served = await Eventually.ValueAsync(() => stranger.GetAsync(before), r => r.StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(10), "httpd starts");

        using var bob = app.App.CreateClient().As(TestUsers.Bob);
        using var bobs = await bob.PostAsync($"/api/leases/{lease.LeaseId}/ports/revoke-links", null);
        Assert.Equal(HttpStatusCode.NotFound, bobs.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await stranger.GetAsync(before)).StatusCode);

        using var revoked = await app.Client.PostAsync($"/api/leases/{lease.LeaseId}/ports/revoke-links", null);
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        var body = await revoked.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("active", body.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.String, body.GetProperty("linksRevokedAt").ValueKind);

        await LeaseApi.AssertProblemAsync(await stranger.GetAsync(before), HttpStatusCode.NotFound, "were revoked; ask the lease's owner for a new one");
        Assert.Equal("hello-from-port\n", await app.Client.GetStringAsync($"/leases/{lease.LeaseId}/ports/8080/"));
        var after = (await ShareAsync(lease.LeaseId, 8080, null)).GetProperty("url").GetString()!;
        Assert.Equal("hello-from-port\n", await stranger.GetStringAsync(after));
        var history = await app.Client.GetFromJsonAsync<JsonElement>($"/api/leases/{lease.LeaseId}");
        Assert.Contains(history.GetProperty("history").EnumerateArray(), e => e.GetProperty("kind").GetString() == "links-revoked" && e.GetProperty("by").GetString() == TestUsers.Alice.Name);
        await app.Client.DeleteAsync($"/api/leases/{lease.LeaseId}");

        using var ended = await app.Client.PostAsync($"/api/leases/{lease.LeaseId}/ports/revoke-links", null);
        Assert.Equal(HttpStatusCode.Conflict, ended.StatusCode);
    }

    [Fact]
    public async Task AWebSocketUpgrade_CarriesBytesBothWays()
    {
        var lease = await app.ProvisionAsync("web", 120);
        var share = await ShareAsync(lease.LeaseId, 8081, null);
        // An upgrade needs a real connection: a second instance of the same installation, on Kestrel.
        await using var kestrel = new LeaseApp(TestSettings.For(app.InstallationId, app.Redis.ConnectionString), kestrel: true);
        using var started = kestrel.CreateClient();
        var server = started.BaseAddress!;

        foreach (var (path, key) in new[] { ($"/leases/{lease.LeaseId}/ports/8081/echo", TestUsers.Alice.ApiKey), (share.GetProperty("url").GetString()! + "echo", null) })
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(server.Host, server.Port);
            var stream = tcp.GetStream();
            var head = $"GET {path} HTTP/1.1\r\nHost: {server.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" +
                (key is null ? "" : $"{ApiKeyHandler.Header}: {key}\r\n") + "\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
            var answer = await ReadUntilAsync(stream, "\r\n\r\n");
            Assert.StartsWith("HTTP/1.1 101", answer, StringComparison.Ordinal);

            for (var i = 0; i < 3; i++)
            {
                var message = $"message {i} from the client\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(message));
                Assert.Equal(message, await ReadUntilAsync(stream, "\n"));
            }
        }

        await app.Client.DeleteAsync($"/api/leases/{lease.LeaseId}");
    }

    [Fact]
    public async Task APortNobodyListensOn_Is502_AndAPausedLease_Is503WithRetryAfter()
    {
        var lease = await app.ProvisionAsync("web", 120);
        await Eventually.ValueAsync(() => app.Client.GetAsync($"/leases/{lease.LeaseId}/ports/8080/"), r => r.StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(10), "httpd starts");
        await LeaseApi.AssertProblemAsync(await app.Client.GetAsync($"/leases/{lease.LeaseId}/ports/8082/"), HttpStatusCode.BadGateway, "Nothing answered on port 8082");

        Assert.True((await app.Client.PostAsync($"/api/leases/{lease.LeaseId}/pause", null)).IsSuccessStatusCode);
        using var paused = await app.Client.GetAsync($"/leases/{lease.LeaseId}/ports/8080/");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, paused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), paused.Headers.RetryAfter?.Delta);

        Assert.True((await app.Client.PostAsync($"/api/leases/{lease.LeaseId}/resume", null)).IsSuccessStatusCode);
        Assert.Equal("hello-from-port\n", await app.Client.GetStringAsync($"/leases/{lease.LeaseId}/ports/8080/"));
        await app.Client.DeleteAsync($"/api/leases/{lease.LeaseId}");
    }

    private async Task<JsonElement> ShareAsync(string leaseId, int port, object? body)
    {
        using var response = await app.Client.PostAsJsonAsync($"/api/leases/{leaseId}/ports/{port}/share", body ?? new { });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static HttpRequestMessage Clone(HttpRequestMessage request)
    {
        var copy = new HttpRequestMessage(request.Method, request.RequestUri);
        foreach (var header in request.Headers)
        {
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        return copy;
    }

    private static async Task<string> ReadUntilAsync(NetworkStream stream, string end)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var text = new StringBuilder();
        var one = new byte[1];
        while (!text.ToString().EndsWith(end, StringComparison.Ordinal))
        {
            Assert.Equal(1, await stream.ReadAsync(one, timeout.Token));
            text.Append((char)one[0]);
        }

        return text.ToString();
    }
}
