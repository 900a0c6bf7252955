using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ContainerLease.Tests.Integration.Infrastructure;

namespace ContainerLease.Tests.Integration;

/// <summary>
/// The pages as a browser without JavaScript and as htmx see them: full page, fragments,
/// antiforgery, the form's errors, extend and terminate, and the static files they load.
/// An app of its own, so "nothing was created" can be checked against its installation alone.
/// </summary>
public sealed partial class PagesTests(AppFixture app) : IClassFixture<AppFixture>, IAsyncLifetime
{
    private const string TokenField = Clients.TokenField;

    /// <summary>A browser signed in through the sign-in page: the cookie is its only credential.</summary>
    private HttpClient _browser = null!;
    private readonly List<string> _created = [];

    public async Task InitializeAsync() => _browser = await app.App.SignedInAsync(TestUsers.Alice);

    public async Task DisposeAsync()
    {
        foreach (var id in _created)
        {
            using var _ = await app.Client.DeleteAsync($"/api/leases/{id}");
        }

        _browser.Dispose();
    }

    [Fact]
    public async Task Index_RendersFormListAndRowsOfLeasesMadeThroughApi()
    {
        var first = await ProvisionAsync(120);
        var second = await ProvisionAsync(300);

        var html = await GetOkAsync("/");

        Assert.Contains("<html", html, StringComparison.Ordinal);
        Assert.Contains("id=\"provision-form\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"image-sleeper\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"duration-amount\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"lease-list\"", html, StringComparison.Ordinal);
        foreach (var lease in new[] { first, second })
        {
            var row = Row(html, lease.LeaseId);
            Assert.Contains($"data-expires-at=\"{Iso(lease.ExpiresAt)}\"", row, StringComparison.Ordinal);
            Assert.Contains($"Terminate lease {lease.LeaseId[..12]}", row, StringComparison.Ordinal);
            Assert.Contains("status-active", row, StringComparison.Ordinal);
        }

        // Soonest expiry first, as the API lists them.
        Assert.True(html.IndexOf($"id=\"lease-{first.LeaseId}\"", StringComparison.Ordinal) < html.IndexOf($"id=\"lease-{second.LeaseId}\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task List_ReturnsOnlyTheListFragment()
    {
        var lease = await ProvisionAsync(120);

        var html = await GetOkAsync("/leases/list");

        Assert.StartsWith("<div id=\"lease-list\"", html.TrimStart(), StringComparison.Ordinal);
        Assert.DoesNotContain("<html", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<head", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("id=\"provision-form\"", html, StringComparison.Ordinal);
        Assert.Contains($"id=\"lease-{lease.LeaseId}\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Panel_ForHtmx_ReturnsPanelFragmentThatVariesOnHxRequest()
    {
        var lease = await ProvisionAsync(120);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/leases/{lease.LeaseId}");
        request.Headers.Add("HX-Request", "true");
        using var response = await _browser.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("HX-Request", response.Headers.Vary);
        Assert.StartsWith("<section id=\"panel\"", html.TrimStart(), StringComparison.Ordinal);
        Assert.Contains($"data-lease-id=\"{lease.LeaseId}\"", html, StringComparison.Ordinal);
        Assert.Contains(lease.ContainerId[..12], html, StringComparison.Ordinal);
        Assert.DoesNotContain("<html", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Panel_WithoutHtmx_RedirectsToPageWithThatLeaseSelected()
    {
        var lease = await ProvisionAsync(120);

        using var response = await _browser.GetAsync($"/leases/{lease.LeaseId}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("HX-Request", response.Headers.Vary);
        Assert.Equal($"/?selected={lease.LeaseId}", response.Headers.Location?.OriginalString);
        var page = await GetOkAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("<html", page, StringComparison.Ordinal);
        Assert.Contains($"<section id=\"panel\" class=\"card panel\" aria-labelledby=\"panel-heading\" data-lease-id=\"{lease.LeaseId}\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Provision_WithoutAntiforgeryToken_Answers400AndCreatesNothing()
    {
        await GetOkAsync("/"); // the antiforgery cookie alone must not be enough
        var before = await SnapshotAsync();

        using var response = await _browser.SendAsync(HtmxPost("/leases", new() { ["ImageType"] = "sleeper", ["Amount"] = "2", ["Unit"] = "minutes" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.Contains("HX-Trigger"));
        Assert.Equal(before, await SnapshotAsync());
    }

    [Theory]
    [InlineData("0", "seconds", "The duration must be a whole number above zero.")]
    [InlineData("999", "hours", "The duration must be between 1 second and 10 minutes")]
    public async Task Provision_OutsideDurationBounds_ReturnsFormWithErrorBesideDurationAndCreatesNothing(string amount, string unit, string message)
    {
        var token = await TokenAsync();
        var before = await SnapshotAsync();

        using var response = await _browser.SendAsync(HtmxPost("/leases", new()
        {
            [TokenField] = token,
            ["ImageType"] = "sleeper",
            ["Amount"] = amount,
            ["Unit"] = unit,
        }));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("HX-Trigger"));
        Assert.StartsWith("<form id=\"provision-form\"", html.TrimStart(), StringComparison.Ordinal);
        Assert.DoesNotContain("<html", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("form-success", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"image-error\"", html, StringComparison.Ordinal);

        // The message sits in the duration block, and the amount field points at it.
        var duration = DurationBlock(html);
        var error = Regex.Match(duration, "<p id=\"duration-error\" class=\"field-error\">([^<]*)</p>");
        Assert.True(error.Success, $"no #duration-error in the duration block:\n{duration}");
        Assert.StartsWith(message, WebUtility.HtmlDecode(error.Groups[1].Value), StringComparison.Ordinal);
        Assert.Matches("id=\"duration-amount\"[^>]*aria-describedby=\"duration-hint duration-error\"", duration);
        Assert.Matches("id=\"duration-amount\"[^>]*aria-invalid=\"true\"", duration);
        Assert.Matches($"id=\"duration-amount\"[^>]*value=\"{amount}\"", duration);
        Assert.Matches($"<option value=\"{unit}\" selected=\"selected\">", duration);

        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task Provision_ValidWithHtmx_TriggersLeasesChangedAndRowAppearsInList()
    {
        var token = await TokenAsync();
        var before = await SnapshotAsync();

        using var response = await _browser.SendAsync(HtmxPost("/leases", new()
        {
            [TokenField] = token,
            ["ImageType"] = "sleeper",
            ["Amount"] = "2",
            ["Unit"] = "minutes",
        }));
        var html = await response.Content.ReadAsStringAsync();
        var created = Regex.Match(html, "href=\"/\\?selected=([0-9a-f]{32})\"");
        if (created.Success)
        {
            _created.Add(created.Groups[1].Value);
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["leases-changed"], TriggeredEvents(response));
        Assert.True(created.Success, $"the form does not link the new lease:\n{html}");
        Assert.StartsWith("<form id=\"provision-form\"", html.TrimStart(), StringComparison.Ordinal);
        Assert.Contains("class=\"form-success\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("field-error", html, StringComparison.Ordinal);

        var leaseId = created.Groups[1].Value;
        var lease = await app.GetLeaseAsync(leaseId);
        Assert.Equal("active", lease.Status);
        Assert.Equal(TimeSpan.FromMinutes(2), lease.ExpiresAt - lease.CreatedAt);
        Assert.True(await app.ContainerExistsAsync(lease.ContainerId));
        Assert.Contains($"id=\"lease-{leaseId}\"", await GetOkAsync("/leases/list"), StringComparison.Ordinal);
        Assert.Equal(before.Total + 1, (await SnapshotAsync()).Total);
    }

    [Fact]
    public async Task Provision_WithoutHtmx_RedirectsToPageThatSaysLeased()
    {
        var token = await TokenAsync();

        using var post = new HttpRequestMessage(HttpMethod.Post, "/leases")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { [TokenField] = token, ["ImageType"] = "sleeper", ["Amount"] = "90", ["Unit"] = "seconds" }),
        };
        using var response = await _browser.SendAsync(post);
        var location = response.Headers.Location?.OriginalString ?? string.Empty;
        var selected = Regex.Match(location, "^/\\?selected=([0-9a-f]{32})$");
        if (selected.Success)
        {
            _created.Add(selected.Groups[1].Value);
        }

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.True(selected.Success, $"redirected to '{location}'");
        var page = WebUtility.HtmlDecode(await GetOkAsync(location));
        Assert.Contains($"(lease {selected.Groups[1].Value[..12]})", Flash(page), StringComparison.Ordinal);
        Assert.Contains("Leased sleeper until", Flash(page), StringComparison.Ordinal);
        Assert.Contains($"data-lease-id=\"{selected.Groups[1].Value}\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extend_ThroughPage_MovesExpiryAndSaysSoInFlash()
    {
        var lease = await ProvisionAsync(120);
        var token = await TokenAsync();

        using var response = await _browser.SendAsync(HtmxPost($"/leases/{lease.LeaseId}/extend", new() { [TokenField] = token, ["minutes"] = "1" }));
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        var extended = await app.GetLeaseAsync(lease.LeaseId);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["leases-changed"], TriggeredEvents(response));
        Assert.Equal(lease.ExpiresAt + TimeSpan.FromMinutes(1), extended.ExpiresAt);
        Assert.Equal(
            $"<p class=\"flash flash-ok\">Extended sleeper lease {lease.LeaseId[..12]} by 1 min; it now expires at {Clock(extended.ExpiresAt)}.</p>",
            html.Trim());
        Assert.Contains($"data-expires-at=\"{Iso(extended.ExpiresAt)}\"", Row(await GetOkAsync("/leases/list"), lease.LeaseId), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_ShowsEachRowsMemoryOutOfItsLimit()
    {
        var lease = await ProvisionAsync(120);

        var row = Row(await GetOkAsync("/leases/list"), lease.LeaseId);

        // The sleeper entry's limit is 48 MB; busybox's sleep uses well under one.
        Assert.Matches("<td class=\"memory\">[0-9]+\\.[0-9] / 48\\.0 MB</td>", row);
    }

    [Fact]
    public async Task Panel_ListsThePorts_AndItsShareButtonMakesALinkThatWorks()
    {
        var lease = await app.ProvisionAsync("web", 120);
        _created.Add(lease.LeaseId);

        var panel = await GetOkAsync($"/leases/{lease.LeaseId}/details");
        Assert.Contains($"<a href=\"/leases/{lease.LeaseId}/ports/8080/\" target=\"_blank\" rel=\"noopener\">Port 8080</a>", panel, StringComparison.Ordinal);
        Assert.Contains($"Share port 8081 of lease {lease.LeaseId[..12]}", panel, StringComparison.Ordinal);

        using var response = await _browser.SendAsync(HtmxPost($"/leases/{lease.LeaseId}/share/8080", new() { [TokenField] = await TokenAsync() }));
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"Share link for port 8080 of lease {lease.LeaseId[..12]}", html, StringComparison.Ordinal);
        var url = Regex.Match(html, "value=\"(http://[^\"]+/ports/[^\"]+/)\"").Groups[1].Value;
        Assert.NotEmpty(url);

        using var stranger = app.App.Anonymous();
        var served = await Eventually.ValueAsync(() => stranger.GetAsync(new Uri(url).PathAndQuery), r => r.StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(10), "httpd starts");
        Assert.Equal("hello-from-port\n", await served.Content.ReadAsStringAsync());

        using var refused = await _browser.SendAsync(HtmxPost($"/leases/{lease.LeaseId}/share/9", new() { [TokenField] = await TokenAsync() }));
        Assert.Contains($"Lease {lease.LeaseId} serves no port 9.", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Terminate_ThroughPage_RemovesContainerAndSaysSoInFlash()
    {
        var lease = await ProvisionAsync(120);
        var token = await TokenAsync();

        using var response = await _browser.SendAsync(HtmxPost($"/leases/{lease.LeaseId}/terminate", new() { [TokenField] = token }));
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["leases-changed"], TriggeredEvents(response));
        Assert.Equal($"<p class=\"flash flash-ok\">Terminated sleeper lease {lease.LeaseId[..12]}; its container is removed.</p>", html.Trim());
        Assert.Equal("terminated", (await app.GetLeaseAsync(lease.LeaseId)).Status);
        Assert.False(await app.ContainerExistsAsync(lease.ContainerId));

        var list = await GetOkAsync("/leases/list");
        Assert.DoesNotContain($"id=\"lease-{lease.LeaseId}\"", list, StringComparison.Ordinal);
        Assert.Matches($"<li id=\"ended-{lease.LeaseId}\"[^>]*>\\s*<span>[^\\n]*</span>\\s*<span class=\"status status-terminated\">terminated</span>", list);
    }

    [Fact]
    public async Task Extend_OfEndedLease_SaysWhyInAnErrorFlash()
    {
        var lease = await ProvisionAsync(120);
        using (var _ = await app.Client.DeleteAsync($"/api/leases/{lease.LeaseId}"))
        {
        }

        var token = await TokenAsync();
        using var response = await _browser.SendAsync(HtmxPost($"/leases/{lease.LeaseId}/extend", new() { [TokenField] = token, ["minutes"] = "1" }));
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("<p class=\"flash flash-error\">", html.Trim(), StringComparison.Ordinal);
        Assert.Contains("can no longer be extended", html, StringComparison.Ordinal);
        Assert.Equal(lease.ExpiresAt, (await app.GetLeaseAsync(lease.LeaseId)).ExpiresAt);
    }

    [Fact]
    public async Task Terminate_WithoutHtmx_RedirectsToPageThatSaysSo()
    {
        var lease = await ProvisionAsync(120);
        var token = await TokenAsync();

        using var post = new HttpRequestMessage(HttpMethod.Post, $"/leases/{lease.LeaseId}/terminate")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { [TokenField] = token }),
        };
        using var response = await _browser.SendAsync(post);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/?selected={lease.LeaseId}", response.Headers.Location?.OriginalString);
        var page = WebUtility.HtmlDecode(await GetOkAsync(response.Headers.Location!.OriginalString));
        Assert.Contains($"Terminated sleeper lease {lease.LeaseId[..12]}; its container is removed.", Flash(page), StringComparison.Ordinal);
        Assert.False(await app.ContainerExistsAsync(lease.ContainerId));
    }

    [Theory]
    [InlineData("/lib/htmx/htmx.min.js", "htmx")]
    [InlineData("/lib/signalr/signalr.min.js", "HubConnectionBuilder")]
    [InlineData("/js/leases.js", "leasesChanged")]
    [InlineData("/css/site.css", "{")]
    public async Task StaticFile_IsServedWithBody_WhenClientAcceptsCompression(string path, string expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip, br");
        using var response = await _browser.SendAsync(request);
        var text = await DecodedBodyAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(path.EndsWith(".css", StringComparison.Ordinal) ? "text/css" : "text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(expected, text, StringComparison.Ordinal);
        var onDisk = await File.ReadAllTextAsync(Path.Combine(WebRoot(), path.TrimStart('/')));
        Assert.True(string.Equals(onDisk, text, StringComparison.Ordinal), $"{path} differs from the file in wwwroot ({text.Length} characters served, {onDisk.Length} on disk)");
    }

    [Fact]
    public async Task NoPage_ReferencesExternalUrlInScriptOrLinkTag()
    {
        var lease = await ProvisionAsync(120);
        using var htmxPanel = new HttpRequestMessage(HttpMethod.Get, $"/leases/{lease.LeaseId}");
        htmxPanel.Headers.Add("HX-Request", "true");
        var pages = new Dictionary<string, string>
        {
            ["/"] = await GetOkAsync("/"),
            ["/?selected"] = await GetOkAsync($"/?selected={lease.LeaseId}"),
            ["/?page=2"] = await GetOkAsync("/?page=2"),
            ["/error"] = await BodyAsync(await _browser.GetAsync("/error")),
            ["/leases/list"] = await GetOkAsync("/leases/list"),
            ["/leases/{id}"] = await BodyAsync(await _browser.SendAsync(htmxPanel)),
        };

        var local = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (page, html) in pages)
        {
            foreach (Match tag in ScriptOrLinkTag().Matches(html))
            {
                var url = WebUtility.HtmlDecode(tag.Groups["url"].Value);
                Assert.False(ExternalUrl().IsMatch(url), $"{page} loads {url} from elsewhere: {tag.Value}");
                if (url.StartsWith('/'))
                {
                    local.Add(url);
                }
            }
        }

        // The full pages do load their scripts and stylesheet, so the check above had something to look at.
        Assert.Contains(local, u => u.StartsWith("/lib/htmx/htmx.min.js", StringComparison.Ordinal));
        Assert.Contains(local, u => u.StartsWith("/lib/signalr/signalr.min.js", StringComparison.Ordinal));
        Assert.Contains(local, u => u.StartsWith("/js/leases.js", StringComparison.Ordinal));
        Assert.Contains(local, u => u.StartsWith("/css/site.css", StringComparison.Ordinal));
        foreach (var url in local)
        {
            using var response = await _browser.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} answered {(int)response.StatusCode}");
        }
    }

    private async Task<LeaseResponse> ProvisionAsync(int seconds)
    {
        var lease = await app.ProvisionAsync(seconds: seconds);
        _created.Add(lease.LeaseId);
        return lease;
    }

    /// <summary>The antiforgery token of a freshly loaded page; its cookie stays in the client.</summary>
    private async Task<string> TokenAsync() => Clients.AntiforgeryToken(await GetOkAsync("/"));

    private async Task<string> GetOkAsync(string path)
    {
        using var response = await _browser.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} answered {(int)response.StatusCode}:\n{html}");
        return html;
    }

    private static async Task<string> BodyAsync(HttpResponseMessage response)
    {
        using (response)
        {
            return await response.Content.ReadAsStringAsync();
        }
    }

    private static HttpRequestMessage HtmxPost(string path, Dictionary<string, string> fields)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("HX-Request", "true");
        return request;
    }

    /// <summary>The installation's containers and the API's count of active leases.</summary>
    private async Task<Snapshot> SnapshotAsync()
    {
        var containers = (await app.ContainersAsync()).Select(c => c.ID).Order(StringComparer.Ordinal);
        var list = await app.Client.GetFromJsonAsync<JsonElement>("/api/containers?page=1&pageSize=200");
        return new Snapshot(string.Join(',', containers), list.GetProperty("total").GetInt64());
    }

    /// <summary>Event names in HX-Trigger, whether written as a plain list or as htmx's JSON object.</summary>
    private static List<string> TriggeredEvents(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("HX-Trigger", out var values))
        {
            return [];
        }

        var header = string.Join(',', values).Trim();
        if (header.StartsWith('{'))
        {
            using var json = JsonDocument.Parse(header);
            return [.. json.RootElement.EnumerateObject().Select(p => p.Name)];
        }

        return [.. header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
    }

    private static async Task<string> DecodedBodyAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsByteArrayAsync();
        Stream decoded = response.Content.Headers.ContentEncoding.LastOrDefault() switch
        {
            "gzip" => new GZipStream(new MemoryStream(body), CompressionMode.Decompress),
            "br" => new BrotliStream(new MemoryStream(body), CompressionMode.Decompress),
            null => new MemoryStream(body),
            var other => throw new InvalidOperationException($"unexpected Content-Encoding {other}"),
        };
        using var reader = new StreamReader(decoded);
        return await reader.ReadToEndAsync();
    }

    private static string Row(string html, string leaseId)
    {
        var row = Regex.Match(html, $"<tr id=\"lease-{leaseId}\".*?</tr>", RegexOptions.Singleline);
        Assert.True(row.Success, $"no row for lease {leaseId}");
        return row.Value;
    }

    private static string DurationBlock(string html)
    {
        var block = Regex.Match(html, "<div class=\"duration\">.*?<button type=\"submit\"", RegexOptions.Singleline);
        Assert.True(block.Success, $"no duration block in:\n{html}");
        return block.Value;
    }

    private static string Flash(string page)
    {
        var flash = Regex.Match(page, "<div id=\"flash\"[^>]*>(.*?)</div>", RegexOptions.Singleline);
        Assert.True(flash.Success, "no #flash on the page");
        return flash.Groups[1].Value;
    }

    private static string WebRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "ContainerLease.Mvc", "wwwroot");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("ContainerLease.Mvc/wwwroot was not found above the test output.");
    }

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    private static string Clock(DateTimeOffset at) => at.UtcDateTime.ToString("HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    [GeneratedRegex("<(?:script|link)\\b[^>]*?\\b(?:src|href)\\s*=\\s*[\"']?(?<url>[^\"'\\s>]*)", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptOrLinkTag();

    /// <summary>http(s), or protocol-relative (which a browser resolves to http(s) on another host).</summary>
    [GeneratedRegex("^\\s*(?:https?:|[/\\\\]{2})", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalUrl();

    private sealed record Snapshot(string Containers, long Total);
}
