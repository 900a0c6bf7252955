using System.Net;
using System.Net.Http.Json;
using ContainerLease.Mvc.Auth;
using ContainerLease.Mvc.Live;
using ContainerLease.Tests.Integration.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace ContainerLease.Tests.Integration;

/// <summary>
/// Who may do what: anonymous visitors, users and admins against every page, API endpoint, hub
/// and the dashboard, and one user against another's lease.
/// </summary>
[Collection(SharedApp.Name)]
public sealed class AccessTests(AppFixture app) : IAsyncLifetime
{
    private const string AnyLease = "0123456789abcdef0123456789abcdef";

    private readonly List<string> _created = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        using var admin = app.App.CreateClient().As(TestUsers.Admin);
        foreach (var id in _created)
        {
            using var _ = await admin.DeleteAsync($"/api/leases/{id}");
        }
    }

    public static TheoryData<string, string> ApiEndpoints => new()
    {
        { "GET", "/api/containers" },
        { "POST", "/api/provision" },
        { "GET", $"/api/leases/{AnyLease}" },
        { "DELETE", $"/api/leases/{AnyLease}" },
        { "POST", $"/api/leases/{AnyLease}/extend" },
        { "POST", $"/api/leases/{AnyLease}/exec" },
    };

    [Theory]
    [MemberData(nameof(ApiEndpoints))]
    public async Task Api_WithoutAKey_Answers401ProblemDetails_NeverARedirect(string method, string path)
    {
        using var anonymous = app.App.Anonymous();
        var before = await ActiveTotalAsync();

        using var response = await anonymous.SendAsync(Request(method, path));

        await LeaseApi.AssertProblemAsync(response, HttpStatusCode.Unauthorized, "X-Api-Key");
        Assert.Null(response.Headers.Location);
        Assert.Contains("ApiKey", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal(before, await ActiveTotalAsync());
    }

    [Theory]
    [MemberData(nameof(ApiEndpoints))]
    public async Task Api_WithABadKey_Answers401(string method, string path)
    {
        using var client = app.App.Anonymous();
        client.DefaultRequestHeaders.Add(ApiKeyHandler.Header, "not-a-key-anyone-has");

        using var response = await client.SendAsync(Request(method, path));

        await LeaseApi.AssertProblemAsync(response, HttpStatusCode.Unauthorized, "does not hold a valid API key");
    }

    [Fact]
    public async Task Api_RefusesTheSignInCookie_SoAPageCanNeverCallItOnAUsersBehalf()
    {
        using var browser = await app.App.SignedInAsync(TestUsers.Alice);

        using var response = await browser.GetAsync("/api/containers");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/leases/list")]
    [InlineData($"/leases/{AnyLease}")]
    [InlineData($"/leases/{AnyLease}/details")]
    [InlineData("/hangfire")]
    public async Task Pages_SendAnAnonymousVisitorToSignIn(string path)
    {
        using var anonymous = app.App.Anonymous();

        using var response = await anonymous.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login?ReturnUrl=", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Htmx_FromASignedOutPage_IsToldToGoToSignIn()
    {
        using var anonymous = app.App.Anonymous();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/leases/list");
        request.Headers.Add("HX-Request", "true");

        using var response = await anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("/login?ReturnUrl=", new Uri(response.Headers.GetValues("HX-Redirect").Single()).PathAndQuery, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/leases", "ImageType=sleeper&Amount=60&Unit=seconds")]
    [InlineData($"/leases/{AnyLease}/extend", "minutes=1")]
    [InlineData($"/leases/{AnyLease}/terminate", "")]
    public async Task PageForms_FromAnAnonymousVisitor_AreRefused_AndCreateNothing(string path, string body)
    {
        using var anonymous = app.App.Anonymous();
        var before = await ActiveTotalAsync();

        using var response = await anonymous.PostAsync(path, new StringContent(body, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login?ReturnUrl=", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(before, await ActiveTotalAsync());
    }

    [Theory]
    [InlineData("/healthz/live")]
    [InlineData("/healthz/ready")]
    [InlineData("/login")]
    [InlineData("/css/site.css")]
    [InlineData("/lib/htmx/htmx.min.js")]
    public async Task HealthSignInAndStaticFiles_AreOpenToAnyone(string path)
    {
        using var anonymous = app.App.Anonymous();

        using var response = await anonymous.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(LeaseEventsHub.Path)]
    [InlineData(LogsHub.Path)]
    public async Task Hubs_RefuseAnonymousConnections(string hub)
    {
        using var anonymous = app.App.Anonymous();

        using var response = await anonymous.PostAsync($"{hub}/negotiate?negotiateVersion=1", null);

        await LeaseApi.AssertProblemAsync(response, HttpStatusCode.Unauthorized, "Sign in");
    }

    [Theory]
    [InlineData(LeaseEventsHub.Path, "http://localhost:9999")]
    [InlineData(LogsHub.Path, "http://localhost:9999")]
    [InlineData(LeaseEventsHub.Path, "https://localhost")]
    [InlineData(LogsHub.Path, "https://localhost")]
    [InlineData(LeaseEventsHub.Path, "http://localhost", "http://evil.example")]
    [InlineData(LogsHub.Path, "http://evil.example", "http://localhost")]
    [InlineData(LogsHub.Path, "http://localhost", "http://localhost")]
    public async Task Hubs_RefuseCrossOriginConnections_EvenWithTheUsersCookie(string hub, params string[] origins)
    {
        using var browser = await app.App.SignedInAsync(TestUsers.Alice);
        using var sameOrigin = new HttpRequestMessage(HttpMethod.Post, $"{hub}/negotiate?negotiateVersion=1");
        sameOrigin.Headers.Add("Origin", "http://localhost");
        using var crossOrigin = new HttpRequestMessage(HttpMethod.Post, $"{hub}/negotiate?negotiateVersion=1");
        crossOrigin.Headers.Add("Origin", origins); // more than one value: that many Origin headers

        using var allowed = await browser.SendAsync(sameOrigin);
        using var refused = await browser.SendAsync(crossOrigin);

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        await LeaseApi.AssertProblemAsync(refused, HttpStatusCode.Forbidden, "only from this application's own pages");
    }

    [Fact]
    public async Task Dashboard_IsForAdminsOnly()
    {
        using var userBrowser = await app.App.SignedInAsync(TestUsers.Alice);
        using var adminBrowser = await app.App.SignedInAsync(TestUsers.Admin);
        using var userScript = app.App.CreateClient().As(TestUsers.Bob);

        using var asUser = await userBrowser.GetAsync("/hangfire");
        using var asUserScript = await userScript.GetAsync("/hangfire");
        using var asAdmin = await adminBrowser.GetAsync("/hangfire");

        Assert.Equal(HttpStatusCode.Redirect, asUser.StatusCode);
        Assert.StartsWith("/denied", asUser.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, asUserScript.StatusCode);
        Assert.Equal(HttpStatusCode.OK, asAdmin.StatusCode);
        Assert.Contains("Hangfire", await asAdmin.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_AreForAdminsOnly()
    {
        using var anonymous = app.App.Anonymous();
        using var user = app.App.CreateClient().As(TestUsers.Alice);
        using var admin = app.App.CreateClient().As(TestUsers.Admin);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task AnotherUsersLease_Answers404_ForGetExtendAndTerminate_AndStaysAsItWas()
    {
        var lease = await ProvisionAsAsync(TestUsers.Alice);
        using var bob = app.App.CreateClient().As(TestUsers.Bob);

        using var get = await bob.GetAsync($"/api/leases/{lease.LeaseId}");
        using var extend = await bob.PostAsJsonAsync($"/api/leases/{lease.LeaseId}/extend", new { durationMinutes = 1 });
        using var terminate = await bob.DeleteAsync($"/api/leases/{lease.LeaseId}");
        using var missing = await bob.GetAsync($"/api/leases/{AnyLease}");

        var others = await LeaseApi.AssertProblemAsync(get, HttpStatusCode.NotFound, lease.LeaseId);
        await LeaseApi.AssertProblemAsync(extend, HttpStatusCode.NotFound, lease.LeaseId);
        await LeaseApi.AssertProblemAsync(terminate, HttpStatusCode.NotFound, lease.LeaseId);
        var unknown = await LeaseApi.AssertProblemAsync(missing, HttpStatusCode.NotFound, AnyLease);
        Assert.Equal(unknown.GetProperty("detail").GetString()!.Replace(AnyLease, lease.LeaseId, StringComparison.Ordinal), others.GetProperty("detail").GetString());

        var after = await app.GetLeaseAsync(lease.LeaseId);
        Assert.Equal("active", after.Status);
        Assert.Equal(lease.ExpiresAt, after.ExpiresAt);
        Assert.True(await app.ContainerExistsAsync(lease.ContainerId));
    }

    [Fact]
    public async Task Lists_ShowAUserTheirOwnLeases_AndAnAdminEveryoneWithTheOwner()
    {
        var alices = await ProvisionAsAsync(TestUsers.Alice);
        var bobs = await ProvisionAsAsync(TestUsers.Bob);

        var asBob = await ListAsync(TestUsers.Bob);
        var asAdmin = await ListAsync(TestUsers.Admin);

        Assert.Contains(asBob, l => l.LeaseId == bobs.LeaseId);
        Assert.DoesNotContain(asBob, l => l.LeaseId == alices.LeaseId);
        Assert.All(asBob, l => Assert.Equal(TestUsers.Bob.Name, l.Owner));
        Assert.Equal(TestUsers.Alice.Name, asAdmin.Single(l => l.LeaseId == alices.LeaseId).Owner);
        Assert.Equal(TestUsers.Bob.Name, asAdmin.Single(l => l.LeaseId == bobs.LeaseId).Owner);
    }

    [Fact]
    public async Task Pages_ShowAUserNeitherAnotherUsersRowNorItsPanel_AndCannotTerminateIt()
    {
        var lease = await ProvisionAsAsync(TestUsers.Alice);
        using var bob = await app.App.SignedInAsync(TestUsers.Bob);
        using var admin = await app.App.SignedInAsync(TestUsers.Admin);

        var bobsList = await bob.GetStringAsync("/leases/list");
        var bobsDetails = await bob.GetStringAsync($"/leases/{lease.LeaseId}/details");
        using var terminate = await bob.PostAsync($"/leases/{lease.LeaseId}/terminate", await Clients.FormAsync(bob, "/", []));
        var adminsList = await admin.GetStringAsync("/leases/list");

        Assert.DoesNotContain(lease.LeaseId, bobsList, StringComparison.Ordinal);
        Assert.DoesNotContain(lease.LeaseId, bobsDetails, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, terminate.StatusCode);
        Assert.Equal("active", (await app.GetLeaseAsync(lease.LeaseId)).Status);
        Assert.Contains($"id=\"lease-{lease.LeaseId}\"", adminsList, StringComparison.Ordinal);
        Assert.Contains(">alice<", adminsList, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LogHub_TreatsAnotherUsersLeaseAsUnknown()
    {
        var lease = await ProvisionAsAsync(TestUsers.Alice);
        await using var bob = app.App.Hub(LogsHub.Path, TestUsers.Bob);
        await bob.StartAsync();

        var error = await Assert.ThrowsAsync<HubException>(async () =>
        {
            await foreach (var _ in bob.StreamAsync<LogItem>("StreamLogs", lease.LeaseId, null, 0))
            {
            }
        });

        Assert.Contains($"There is no lease '{lease.LeaseId}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LeaseEvents_ReachTheOwnersPagesAndAdmins_NotOtherUsers()
    {
        await using var alice = app.App.Hub(LeaseEventsHub.Path, TestUsers.Alice);
        await using var bob = app.App.Hub(LeaseEventsHub.Path, TestUsers.Bob);
        await using var admin = app.App.Hub(LeaseEventsHub.Path, TestUsers.Admin);
        var heard = new Dictionary<string, List<string>> { ["alice"] = [], ["bob"] = [], ["admin"] = [] };
        foreach (var (name, hub) in new[] { ("alice", alice), ("bob", bob), ("admin", admin) })
        {
            hub.On<string>(LeaseEventsHub.ChangedMethod, id => { lock (heard) { heard[name].Add(id); } });
            await hub.StartAsync();
        }

        var lease = await ProvisionAsAsync(TestUsers.Alice);
        await Eventually.TrueAsync(
            () => Task.FromResult(Heard("alice") && Heard("admin")),
            TimeSpan.FromSeconds(10),
            "the owner and the admin hear of the new lease");

        // Bob's connection would have had the notice by now; a later one of his own proves it is live.
        var bobs = await ProvisionAsAsync(TestUsers.Bob);
        await Eventually.TrueAsync(() => Task.FromResult(HeardBy("bob", bobs.LeaseId)), TimeSpan.FromSeconds(10), "bob hears of his own lease");
        Assert.False(Heard("bob"));

        bool Heard(string name) => HeardBy(name, lease.LeaseId);
        bool HeardBy(string name, string id)
        {
            lock (heard)
            {
                return heard[name].Contains(id);
            }
        }
    }

    [Fact]
    public async Task SignIn_WithAWrongPasswordOrUnknownName_SaysTheSameAndSetsNoCookie()
    {
        foreach (var (name, password) in new[] { ("alice", "Not-Alices-Secret-7"), ("nobody", "Not-Alices-Secret-7") })
        {
            using var client = app.App.Anonymous();
            using var response = await client.PostAsync("/login", await Clients.FormAsync(client, "/login", new() { ["UserName"] = name, ["Password"] = password }));
            var html = await response.Content.ReadAsStringAsync();

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("The user name or the password is wrong.", html, StringComparison.Ordinal);
            Assert.DoesNotContain(password, html, StringComparison.Ordinal);
            Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("containerlease.auth=", StringComparison.Ordinal)));
            Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
        }
    }

    [Fact]
    public async Task SignIn_ReturnsOnlyToALocalPage()
    {
        using var client = app.App.Anonymous();
        var form = await Clients.FormAsync(client, "/login", new()
        {
            ["UserName"] = TestUsers.Alice.Name,
            ["Password"] = TestUsers.Alice.Password,
            ["ReturnUrl"] = "https://evil.example/",
        });

        using var response = await client.PostAsync("/login", form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task SignOut_NeedsTheAntiforgeryToken_AndEndsTheSession()
    {
        using var browser = await app.App.SignedInAsync(TestUsers.Alice);

        using var forged = await browser.PostAsync("/logout", null);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);

        using var signOut = await browser.PostAsync("/logout", await Clients.FormAsync(browser, "/", []));
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task TheLog_RecordsSignInsButNeverAPasswordOrAKey()
    {
        const string WrongSecret = "Guessed-Password-Nobody-Has-42";
        using (var guesser = app.App.Anonymous())
        {
            guesser.DefaultRequestHeaders.Add(ApiKeyHandler.Header, WrongSecret);
            using var _ = await guesser.GetAsync("/api/containers");
        }

        using (var guesser = app.App.Anonymous())
        {
            using var _ = await guesser.PostAsync("/login", await Clients.FormAsync(guesser, "/login", new() { ["UserName"] = "bob", ["Password"] = WrongSecret }));
        }

        using (await app.App.SignedInAsync(TestUsers.Bob))
        {
        }

        var log = await ReadLogAsync();
        Assert.Contains("bob signed in", log, StringComparison.Ordinal);
        Assert.Contains("A sign-in as bob from ", log, StringComparison.Ordinal);
        foreach (var secret in TestUsers.All.SelectMany(u => new[] { u.Password, u.ApiKey }).Append(WrongSecret))
        {
            Assert.DoesNotContain(secret, log, StringComparison.Ordinal);
        }
    }

    private async Task<string> ReadLogAsync()
    {
        var path = FileLoggerProvider.PathFor(app.InstallationId);
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(file);
        return await reader.ReadToEndAsync();
    }

    private async Task<LeaseResponse> ProvisionAsAsync(TestUser user)
    {
        using var client = app.App.CreateClient().As(user);
        var lease = await client.ProvisionAsync();
        _created.Add(lease.LeaseId);
        return lease;
    }

    private async Task<IReadOnlyList<LeaseResponse>> ListAsync(TestUser user)
    {
        using var client = app.App.CreateClient().As(user);
        return (await client.GetFromJsonAsync<LeaseListResponse>("/api/containers?pageSize=200"))!.Items;
    }

    private async Task<long> ActiveTotalAsync()
    {
        using var admin = app.App.CreateClient().As(TestUsers.Admin);
        return (await admin.GetFromJsonAsync<LeaseListResponse>("/api/containers"))!.Total;
    }

    private static HttpRequestMessage Request(string method, string path) => new(new HttpMethod(method), path)
    {
        Content = method == "GET" ? null : JsonContent.Create(new { imageType = "sleeper", durationSeconds = 60, durationMinutes = 1 }),
    };
}
