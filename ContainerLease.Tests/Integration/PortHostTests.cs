using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContainerLease.Tests.Integration.Infrastructure;

namespace ContainerLease.Tests.Integration;

/// <summary>
/// Host-based routing (Ports:HostPattern): each port of a lease on its own host, reached by a
/// browser through a pass cookie set from a link, with nothing of the app answering on that host.
/// </summary>
public sealed class PortHostTests : PrivateApp
{
    private const string Public = "http://app.test";

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Ports:PublicBaseUrl"] = Public;
        settings["Ports:HostPattern"] = "{port}-{lease}.leases.test";
    }

    [Fact]
    public async Task ABrowserIsLetInThroughALink_ThenTheHostIsTheContainers()
    {
        using var api = App.CreateClient();
        var lease = await api.ProvisionAsync("web");
        var origin = $"http://8080-{lease.LeaseId}.leases.test/";
        Assert.Equal(origin, lease.Urls!["8080"]);

        using var browser = await App.SignedInAsync(TestUsers.Alice);
        using var sent = await browser.GetAsync($"/leases/{lease.LeaseId}/ports/8080/cgi-bin/env?x=1");
        Assert.Equal(HttpStatusCode.Found, sent.StatusCode);
        var enter = sent.Headers.Location!;
        Assert.StartsWith(origin + "__containerlease/enter?t=", enter.ToString(), StringComparison.Ordinal);

        using var entered = await browser.GetAsync(enter);
        Assert.Equal(HttpStatusCode.Found, entered.StatusCode);
        Assert.Equal("/cgi-bin/env?x=1", entered.Headers.Location!.OriginalString);
        Assert.Contains(entered.Headers.GetValues("Set-Cookie"), c => c.StartsWith("containerlease-port=", StringComparison.Ordinal) && c.Contains("httponly", StringComparison.OrdinalIgnoreCase));

        using var served = await Eventually.ValueAsync(() => browser.GetAsync(new Uri(new Uri(origin), "/cgi-bin/env?x=1")), r => r.StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(10), "httpd starts");
        var text = await served.Content.ReadAsStringAsync();
        Assert.Contains("QUERY_STRING=x=1\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("HTTP_X_FORWARDED_PREFIX", text, StringComparison.Ordinal);
        Assert.DoesNotContain("containerlease", text, StringComparison.Ordinal);
        // Its own origin: no sandbox needed.
        Assert.DoesNotContain(served.Headers.TryGetValues("Content-Security-Policy", out var policies) ? policies : [], p => p.Contains("sandbox", StringComparison.Ordinal));

        // On a lease host the app's own pages are the container's paths (httpd has no /login).
        using var login = await browser.GetAsync(new Uri(new Uri(origin), "/login"));
        Assert.Equal(HttpStatusCode.NotFound, login.StatusCode);
        Assert.DoesNotContain("UserName", await login.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutItsPass_ABrowserIsSentToSignIn_AScriptGets401_AndAPassForAnotherPortIsRefused()
    {
        using var api = App.CreateClient();
        var lease = await api.ProvisionAsync("web");
        using var stranger = App.Anonymous();

        using var page = new HttpRequestMessage(HttpMethod.Get, $"http://8080-{lease.LeaseId}.leases.test/docs?a=b");
        page.Headers.Accept.ParseAdd("text/html");
        using var toSignIn = await stranger.SendAsync(page);
        Assert.Equal(HttpStatusCode.Redirect, toSignIn.StatusCode);
        Assert.Equal($"{Public}/leases/{lease.LeaseId}/ports/8080/docs?a=b", toSignIn.Headers.Location!.ToString());

        using var script = await stranger.GetAsync($"http://8080-{lease.LeaseId}.leases.test/");
        Assert.Equal(HttpStatusCode.Unauthorized, script.StatusCode);

        // A share link for 8081 lets nobody into 8080's host.
        using var shared = await api.PostAsJsonAsync($"/api/leases/{lease.LeaseId}/ports/8081/share", new { });
        var link = (await shared.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;
        Assert.StartsWith($"http://8081-{lease.LeaseId}.leases.test/__containerlease/enter?t=", link, StringComparison.Ordinal);
        var token = link[(link.IndexOf("t=", StringComparison.Ordinal) + 2)..];
        using var wrongHost = await stranger.GetAsync($"http://8080-{lease.LeaseId}.leases.test/__containerlease/enter?t={token}");
        Assert.Equal(HttpStatusCode.NotFound, wrongHost.StatusCode);

        using var rightHost = await stranger.GetAsync(link);
        Assert.Equal(HttpStatusCode.Found, rightHost.StatusCode);

        await api.DeleteAsync($"/api/leases/{lease.LeaseId}");
        using var ended = await stranger.GetAsync($"http://8081-{lease.LeaseId}.leases.test/");
        Assert.Equal(HttpStatusCode.NotFound, ended.StatusCode);
    }
}
