using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContainerLease.Tests.Integration.Infrastructure;

namespace ContainerLease.Tests.Integration;

/// <summary>The audit log through <c>/audit</c> and <c>GET /api/audit</c>: for admins only, filtered, paged newest first, as CSV.</summary>
[Collection(SharedApp.Name)]
public sealed class AuditTests(AppFixture app)
{
    [Fact]
    public async Task Api_ShowsAnAdmin_WhoDidWhatToALease_NewestFirst()
    {
        var lease = await LivedAsync();
        using var admin = app.App.CreateClient().As(TestUsers.Admin);

        var page = await ReadAsync(admin, $"lease={lease}");

        Assert.Equal(["terminated", "extended", "provisioned"], page.Items.Select(e => e.Event));
        Assert.All(page.Items, e => Assert.Equal(("alice", "alice", lease), (e.Actor, e.Owner, e.LeaseId)));
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task ApiAndPage_RefuseAUser_With403()
    {
        using var alice = app.App.CreateClient().As(TestUsers.Alice);
        using var script = await alice.GetAsync("/api/audit");
        Assert.Equal(HttpStatusCode.Forbidden, script.StatusCode);

        using var browser = await app.App.SignedInAsync(TestUsers.Bob);
        foreach (var path in new[] { "/audit", "/audit/rows", "/audit/csv" })
        {
            using var page = await browser.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
            Assert.StartsWith("/denied", page.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }

        using var htmx = new HttpRequestMessage(HttpMethod.Get, "/audit/rows");
        htmx.Headers.Add("HX-Request", "true");
        using var refused = await browser.SendAsync(htmx);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task Api_FiltersByEventUserAndTime_AndPagesWithACursor()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var lease = await LivedAsync();
        using var admin = app.App.CreateClient().As(TestUsers.Admin);

        Assert.Equal(["extended"], (await ReadAsync(admin, $"lease={lease}&event=extended")).Items.Select(e => e.Event));
        Assert.Empty((await ReadAsync(admin, $"lease={lease}&user=bob")).Items);
        Assert.Equal(3, (await ReadAsync(admin, $"lease={lease}&user=alice")).Items.Count);
        Assert.Empty((await ReadAsync(admin, $"lease={lease}&to={Uri.EscapeDataString(before.ToString("o"))}")).Items);
        Assert.Equal(3, (await ReadAsync(admin, $"lease={lease}&from={Uri.EscapeDataString(before.ToString("o"))}")).Items.Count);

        var first = await ReadAsync(admin, $"lease={lease}&limit=2");
        Assert.Equal(["terminated", "extended"], first.Items.Select(e => e.Event));
        var second = await ReadAsync(admin, $"lease={lease}&limit=2&cursor={first.NextCursor}");
        Assert.Equal(["provisioned"], second.Items.Select(e => e.Event));
        Assert.Null(second.NextCursor);

        using var bad = await admin.GetAsync("/api/audit?from=yesterday");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("'yesterday' is not a time", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Csv_HoldsEveryMatchingEntry_ForScriptsAndThePage()
    {
        var lease = await LivedAsync();
        using var admin = app.App.CreateClient().As(TestUsers.Admin);

        using var response = await admin.GetAsync($"/api/audit?lease={lease}&format=csv");
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("id,at,actor,event,lease,owner,detail", lines[0]);
        Assert.Equal(["terminated", "extended", "provisioned"], lines[1..].Select(l => l.Split(',')[3]));
        Assert.All(lines[1..], l => Assert.Contains($",alice,", l, StringComparison.Ordinal));

        using var browser = await app.App.SignedInAsync(TestUsers.Admin);
        var fromPage = await browser.GetStringAsync($"/audit/csv?lease={lease}&event=extended");
        Assert.Equal(2, fromPage.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task SignInsAndFailedSignIns_AreAudited_AndThePageShowsThem()
    {
        using var bob = await app.App.SignedInAsync(TestUsers.Bob);
        using var stranger = app.App.Anonymous();
        using (await stranger.PostAsync("/login", await Clients.FormAsync(stranger, "/login", new() { ["UserName"] = "mallory", ["Password"] = "guess" })))
        {
        }

        using var admin = app.App.CreateClient().As(TestUsers.Admin);
        var signIn = Assert.Single((await ReadAsync(admin, "user=bob&event=sign-in&limit=1")).Items);
        Assert.StartsWith("from ", signIn.Detail, StringComparison.Ordinal);
        Assert.NotEmpty((await ReadAsync(admin, "user=mallory&event=sign-in-failed")).Items);

        using var browser = await app.App.SignedInAsync(TestUsers.Admin);
        var html = await browser.GetStringAsync("/audit?user=mallory");
        Assert.Contains("<h2 id=\"audit-heading\">Audit log</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"event\">sign-in-failed</td>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<td class=\"event\">sign-in</td>", html, StringComparison.Ordinal);
    }

    /// <summary>A lease of Alice's, provisioned, extended and terminated; its id.</summary>
    private async Task<string> LivedAsync()
    {
        var lease = await app.ProvisionAsync("sleeper", 60);
        using (var extended = await app.Client.PostAsJsonAsync($"/api/leases/{lease.LeaseId}/extend", new { durationSeconds = 60 }))
        {
            Assert.True(extended.IsSuccessStatusCode);
        }

        using (await app.Client.DeleteAsync($"/api/leases/{lease.LeaseId}"))
        {
        }

        return lease.LeaseId;
    }

    private static async Task<AuditJson> ReadAsync(HttpClient admin, string query)
    {
        using var response = await admin.GetAsync("/api/audit?" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<AuditJson>(JsonSerializerOptions.Web))!;
    }

    private sealed record AuditJson(List<EntryJson> Items, string? NextCursor);

    private sealed record EntryJson(string Id, DateTimeOffset At, string Actor, string Event, string? LeaseId, string? Owner, string? Detail);
}
