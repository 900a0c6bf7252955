using System.Net.Http.Json;
using ContainerLease.Tests.Integration.Infrastructure;
using Docker.DotNet;
using Microsoft.Playwright;

namespace ContainerLease.Tests.Browser;

/// <summary>
/// One app (own Redis, own installation) and one headless Chromium shared by every browser test;
/// each test opens its own browser context, so cookies and pages never leak between tests.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>Generous: the tests wait for a condition, never for a fixed time.</summary>
    public const float Timeout = 20_000;

    public string InstallationId { get; } = TestSettings.NewInstallationId();

    public RedisServer Redis { get; private set; } = null!;

    public LeaseApp App { get; private set; } = null!;

    /// <summary>A client of the app's real address, for the JSON API.</summary>
    public HttpClient Api { get; private set; } = null!;

    public Uri BaseAddress => Api.BaseAddress!;

    public DockerClient Docker { get; } = new DockerClientConfiguration().CreateClient();

    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"The browser tests need Chromium at {ChromiumPath}: apt-get install -y chromium (scripts/setup.sh --chromium).");
        }

        Redis = await RedisServer.StartAsync();
        var settings = TestSettings.For(InstallationId, Redis.ConnectionString)
            .Where(s => !s.Key.StartsWith("Catalog:Images:", StringComparison.Ordinal) || s.Key.StartsWith("Catalog:Images:sleeper:", StringComparison.Ordinal) || s.Key.StartsWith("Catalog:Images:web:", StringComparison.Ordinal))
            .ToDictionary(s => s.Key, s => s.Value);
        settings["Catalog:Images:sleeper:Description"] = "BusyBox that sleeps for an hour";
        settings["Files:MaxUploadBytes"] = "1048576"; // small, so a test can pick a file over it
        settings["Catalog:Images:ticker:Image"] = TestSettings.Image;
        settings["Catalog:Images:ticker:Description"] = "BusyBox that prints a numbered tick five times a second, every fifth in bold with escape sequences; no terminal";
        settings["Catalog:Images:ticker:Shell"] = "";
        settings["Catalog:Images:ticker:Command:0"] = "sh";
        settings["Catalog:Images:ticker:Command:1"] = "-c";
        settings["Catalog:Images:ticker:Command:2"] = "i=0; while true; do i=$((i+1)); echo \"tick $i\"; if [ $((i % 5)) -eq 0 ]; then echo \"oops $i\" >&2; fi; if [ $((i % 5)) -eq 1 ]; then printf '\\033[1mbold %s\\033[0m\\n' $i; fi; sleep 0.2; done";
        App = new LeaseApp(settings, kestrel: true);
        Api = App.CreateClient();

        Assertions.SetDefaultExpectTimeout(Timeout);
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        Playwright?.Dispose();
        Api?.Dispose();
        if (App is not null)
        {
            await App.DisposeAsync();
        }

        await Cleanup.RemoveContainersAsync(Docker, InstallationId);
        if (Redis is not null)
        {
            await Redis.DisposeAsync();
        }

        Docker.Dispose();
    }

    /// <summary>
    /// A fresh browser context (own cookies), signed in through the sign-in page as
    /// <paramref name="user"/> (Alice unless given), with the page open at <paramref name="path"/>
    /// of this fixture's app or of the one at <paramref name="app"/>.
    /// </summary>
    public async Task<LeasesPage> OpenAsync(string path = "/", TestUser? user = null, Uri? app = null)
    {
        var context = await NewContextAsync(app);
        try
        {
            return await LeasesPage.OpenAsync(context, path, user ?? TestUsers.Alice);
        }
        catch
        {
            await context.DisposeAsync();
            throw;
        }
    }

    /// <summary>A fresh browser context with <paramref name="path"/> open and nobody signed in.</summary>
    public async Task<LeasesPage> OpenSignedOutAsync(string path)
    {
        var context = await NewContextAsync(app: null);
        try
        {
            return await LeasesPage.OpenSignedOutAsync(context, path);
        }
        catch
        {
            await context.DisposeAsync();
            throw;
        }
    }

    private async Task<IBrowserContext> NewContextAsync(Uri? app)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = (app ?? BaseAddress).ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            Locale = "en-GB",
            TimezoneId = "UTC",
        });
        context.SetDefaultTimeout(Timeout);
        return context;
    }

    public Task<LeaseResponse> ProvisionAsync(string imageType = "sleeper", int seconds = 120) => Api.ProvisionAsync(imageType, seconds);

    public async Task<LeaseResponse> GetLeaseAsync(string leaseId) =>
        (await Api.GetFromJsonAsync<LeaseResponse>($"/api/leases/{leaseId}"))!;

    public async Task<long> ActiveTotalAsync() =>
        (await Api.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/containers?page=1&pageSize=200")).GetProperty("total").GetInt64();

    public async Task<bool> ContainerExistsAsync(string containerId) =>
        (await Cleanup.ContainersAsync(Docker, InstallationId)).Any(c => c.ID == containerId);

    /// <summary>Ends the leases a test made; an already ended one answers 204 too.</summary>
    public async Task TerminateAsync(IEnumerable<string> leaseIds)
    {
        foreach (var id in leaseIds)
        {
            using var _ = await Api.DeleteAsync($"/api/leases/{id}");
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SharedBrowser : ICollectionFixture<BrowserFixture>
{
    public const string Name = "app on Kestrel with headless Chromium";
}
