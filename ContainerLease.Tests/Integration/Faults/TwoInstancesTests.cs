using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using ContainerLease.Domain.Leases;
using ContainerLease.Mvc.Auth;
using ContainerLease.Mvc.Live;
using ContainerLease.Tests.Integration.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using StackExchange.Redis;

namespace ContainerLease.Tests.Integration.Faults;

/// <summary>
/// Two instances of one installation, as separate processes on one redis-server and the engine,
/// behave as one: the same leases, page pushes across instances, antiforgery tokens accepted by
/// either, one sweep per interval, and, when one is killed, every lease still reaped once and on time.
/// </summary>
public sealed partial class TwoInstancesTests : PrivateInstallation
{
    private const string TokenField = Clients.TokenField;

    private AppProcess _a = null!;
    private AppProcess _b = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();

        // Ten minutes: only the announcement of a change, not the cache's age, can make the port proxy see it soon.
        var settings = Settings;
        settings["Leases:ReadCacheTime"] = "00:10:00";
        var a = AppProcess.StartAsync(settings);
        var b = AppProcess.StartAsync(settings);
        try
        {
            await Task.WhenAll(a, b); // together, as an orchestrator starts replicas
        }
        finally
        {
            // Kept even when the other failed, so that DisposeAsync stops whichever did start.
            (_a, _b) = (a.IsCompletedSuccessfully ? a.Result : null!, b.IsCompletedSuccessfully ? b.Result : null!);
        }
    }

    public override async Task DisposeAsync()
    {
        foreach (var app in new[] { _a, _b }.Where(p => p is not null))
        {
            await app.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    [Fact]
    public async Task LeaseMadeThroughOne_IsSeenAndPushedThroughTheOther_AndEitherAcceptsTheOthersForm()
    {
        var pushed = new ConcurrentQueue<string>();
        await using var page = _b.Hub(LeaseEventsHub.Path);
        page.On<string>(LeaseEventsHub.ChangedMethod, pushed.Enqueue);
        await page.StartAsync();

        var lease = await _a.ProvisionAsync(60);

        Assert.Equal("active", (await _b.GetLeaseAsync(lease.LeaseId)).Status);
        await Eventually.TrueAsync(() => Task.FromResult(pushed.Contains(lease.LeaseId)), TimeSpan.FromSeconds(10), "a page on B hears of the lease provisioned through A");

        // Started together on an empty key ring, they made one data-protection key between them, not one each.
        await using (var redis = await ConnectionMultiplexer.ConnectAsync(Redis.ConnectionString))
        {
            Assert.Equal(1, await redis.GetDatabase().ListLengthAsync($"containerlease:{Installation}:data-protection-keys"));
        }

        var form = await PageFormAsync(_a);
        var leaseId = await ProvisionThroughFormAsync(_b, form);
        Assert.Equal("active", (await _a.GetLeaseAsync(leaseId)).Status);
    }

    [Fact]
    public async Task ALeaseEndedThroughOne_IsRefusedByTheOthersPortProxy_AtOnce()
    {
        var lease = await _a.ProvisionAsync(60, "web");
        var path = $"/leases/{lease.LeaseId}/ports/8080/";
        using var served = await Eventually.ValueAsync(() => _a.Client.GetAsync(path), r => r.StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(10), "httpd starts, and A remembers the lease");

        using var ended = await _b.Client.DeleteAsync($"/api/leases/{lease.LeaseId}");
        Assert.True(ended.IsSuccessStatusCode, $"terminate through B answered {ended.StatusCode}");

        // Not a 502 from a container that is gone: A heard of the end and says the lease is not there.
        using var refused = await Eventually.ValueAsync(() => _a.Client.GetAsync(path), r => r.StatusCode == HttpStatusCode.NotFound, TimeSpan.FromSeconds(5), "A's proxy to refuse the ended lease");
        Assert.Contains($"There is no active lease {lease.LeaseId} for you.", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoInstances_SweepOncePerInterval_NotOncePerInstance()
    {
        await Task.Delay(TimeSpan.FromSeconds(3)); // past the one sweep each instance triggers at start
        var before = await SweepsAsync(_a) + await SweepsAsync(_b);
        await Task.Delay(TimeSpan.FromSeconds(10));
        var swept = await SweepsAsync(_a) + await SweepsAsync(_b) - before;

        // Leases:SweepInterval is 2 s in the tests: 5 sweeps in 10 s, give or take one at the edges; 10 would mean each instance swept.
        Assert.InRange(swept, 4, 6);
    }

    [Fact]
    public async Task OneInstanceKilled_EveryLeaseIsStillReapedOnceAndOnTime()
    {
        await using var events = new ContainerEvents(Docker, Installation);
        var leases = new List<LeaseResponse>();
        foreach (var (app, seconds) in new[] { (_a, 10), (_b, 11), (_a, 12), (_b, 13), (_a, 14) })
        {
            leases.Add(await app.ProvisionAsync(seconds));
        }

        await _a.KillAsync();

        await Eventually.TrueAsync(
            () => Task.FromResult(leases.All(l => events.Destroyed.ContainsKey(l.ContainerId))),
            leases.Max(l => l.ExpiresAt) - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(15),
            "every container is reaped after A was killed");
        foreach (var lease in leases)
        {
            // On time: not early, and late by less than one sweep interval (2 s) and a margin, as the design promises.
            var lag = events.Destroyed[lease.ContainerId] - lease.ExpiresAt;
            Assert.InRange(lag, TimeSpan.Zero, TimeSpan.FromSeconds(4));

            // Once: one end in the history, no failed or repeated removal.
            var read = await Ended.ReadAsync(() => _b.GetLeaseAsync(lease.LeaseId));
            Assert.Equal("expired", read.Status);
            var kinds = read.History!.Select(e => e.Kind).ToList();
            Assert.Equal([LeaseEvent.Provisioned, "expired"], kinds);
        }
    }

    private static async Task<long> SweepsAsync(AppProcess app)
    {
        using var admin = new HttpClient { BaseAddress = app.Client.BaseAddress }.As(TestUsers.Admin);
        var text = await admin.GetStringAsync("/metrics");
        var match = SweepsTotal().Match(text);
        return match.Success ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    /// <summary>
    /// A browser signs in on <paramref name="app"/> through its sign-in page and opens the lease
    /// page: the page form's antiforgery token and the cookies (sign-in and antiforgery) that go with it.
    /// </summary>
    private static async Task<PageForm> PageFormAsync(AppProcess app)
    {
        using var browser = Browser(app);
        using var login = await browser.GetAsync("/login");
        var cookies = CookiesOf(login, string.Empty);
        using var signIn = new HttpRequestMessage(HttpMethod.Post, "/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                [TokenField] = Clients.AntiforgeryToken(await login.Content.ReadAsStringAsync()),
                ["UserName"] = TestUsers.Alice.Name,
                ["Password"] = TestUsers.Alice.Password,
            }),
        };
        signIn.Headers.Add("Cookie", cookies);
        using var signedIn = await browser.SendAsync(signIn);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        cookies = CookiesOf(signedIn, cookies);

        using var pageRequest = new HttpRequestMessage(HttpMethod.Get, "/");
        pageRequest.Headers.Add("Cookie", cookies);
        using var page = await browser.SendAsync(pageRequest);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        return new PageForm(Clients.AntiforgeryToken(await page.Content.ReadAsStringAsync()), CookiesOf(page, cookies));
    }

    /// <summary>Posts the page's provision form with the cookies another instance set, as a browser without JavaScript would; returns the new lease's id.</summary>
    private static async Task<string> ProvisionThroughFormAsync(AppProcess app, PageForm form)
    {
        using var browser = Browser(app);
        using var post = new HttpRequestMessage(HttpMethod.Post, "/leases")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { [TokenField] = form.Token, ["ImageType"] = "sleeper", ["Amount"] = "60", ["Unit"] = "seconds" }),
        };
        post.Headers.Add("Cookie", form.Cookies);
        using var response = await browser.SendAsync(post);
        var selected = Regex.Match(response.Headers.Location?.OriginalString ?? string.Empty, "selected=([0-9a-f]{32})");
        Assert.True(response.StatusCode == HttpStatusCode.Redirect && selected.Success, $"the form post answered {(int)response.StatusCode} with Location {response.Headers.Location}");
        return selected.Groups[1].Value;
    }

    /// <summary>A browser's view of one instance: no API key, cookies passed by hand (the instances' ports differ, so a cookie jar would keep them apart), redirects seen.</summary>
    private static HttpClient Browser(AppProcess app) =>
        new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = app.Client.BaseAddress };

    /// <summary>The cookies a browser holds after <paramref name="response"/>: those it had, updated by those set.</summary>
    private static string CookiesOf(HttpResponseMessage response, string had)
    {
        var jar = had.Split("; ", StringSplitOptions.RemoveEmptyEntries).ToDictionary(c => c.Split('=')[0], c => c);
        if (response.Headers.TryGetValues("Set-Cookie", out var set))
        {
            foreach (var cookie in set.Select(c => c.Split(';')[0]))
            {
                jar[cookie.Split('=')[0]] = cookie;
            }
        }

        return string.Join("; ", jar.Values);
    }

    [GeneratedRegex("^containerlease_sweeps_total\\{[^}]*\\} (\\d+)", RegexOptions.Multiline)]
    private static partial Regex SweepsTotal();

    private sealed record PageForm(string Token, string Cookies);
}
