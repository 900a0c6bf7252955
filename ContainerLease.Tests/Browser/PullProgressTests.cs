using System.Net.Http.Json;
using System.Text.RegularExpressions;
using ContainerLease.Tests.Integration.Infrastructure;
using Docker.DotNet.Models;
using static Microsoft.Playwright.Assertions;

namespace ContainerLease.Tests.Browser;

/// <summary>
/// A lease that waits for its image pull (<c>Catalog:WaitForPull</c>) shows the pull's progress on
/// its row, pushed over SignalR, then runs: an app of its own, whose catalog entry names a real
/// registry behind a slow link, so that the pull of a 16 MB image takes seconds.
/// </summary>
[Collection(SharedBrowser.Name)]
public sealed partial class PullProgressTests(BrowserFixture fixture) : PrivateInstallation
{
    private const int Megabytes = 16;

    [Fact]
    public async Task TheOwnersRow_ShowsThePullsProgressInBytesAndPercent_ThenTheLeaseRuns()
    {
        await using var registry = await RegistryServer.StartAsync();
        await using var slow = SlowTcpProxy.Start(registry.Port, bytesPerSecond: 4 * 1024 * 1024);
        var tag = Guid.NewGuid().ToString("N")[..12];
        var local = await MadeImages.BusyboxWithAsync(Docker, $"containerlease-test/bulky:{tag}", Megabytes * 1024 * 1024);
        await registry.PushAsync(Docker, local, "cl/bulky", tag);
        // Gone locally, its own layer with it: the pull must fetch every byte of that layer.
        await Docker.Images.DeleteImageAsync(local, new ImageDeleteParameters { Force = true });
        var image = $"127.0.0.1:{slow.Port}/cl/bulky:{tag}";

        var settings = Settings;
        settings["Catalog:WaitForPull"] = "true";
        settings["Catalog:Images:bulky:Image"] = image;
        settings["Catalog:Images:bulky:Command:0"] = "sleep";
        settings["Catalog:Images:bulky:Command:1"] = "3600";
        try
        {
            await using var app = new LeaseApp(settings, kestrel: true);
            using var api = app.CreateClient();
            await using var page = await fixture.OpenAsync("/", app: api.BaseAddress);
            await page.WaitUntilSettledAsync();

            using var response = await api.PostAsJsonAsync("/api/provision", new { imageType = "bulky", durationSeconds = 120 });
            Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
            var lease = (await response.Content.ReadFromJsonAsync<LeaseResponse>())!;
            var row = page.Row(lease.LeaseId);

            await Expect(row.Locator(".status")).ToHaveTextAsync("pulling");
            await Expect(row.Locator("progress")).ToHaveCountAsync(1);
            await Expect(row.Locator(".pull-text")).ToHaveTextAsync(PartlyPulled(), new() { Timeout = 30_000 });
            Assert.Empty(await page.AccessibilityFindingsAsync());

            await Expect(row.Locator(".status")).ToHaveTextAsync("active", new() { Timeout = 60_000 });
            await Expect(row.Locator("progress")).ToHaveCountAsync(0);
            Assert.Empty(page.Problems);
            await api.DeleteAsync($"/api/leases/{lease.LeaseId}");
        }
        finally
        {
            await Cleanup.RemoveImagesAsync(Docker, [image]);
        }
    }

    /// <summary>"3.2 / 17.1 MB (18%)": bytes of the whole (the layers as the registry sends them, compressed), below the whole.</summary>
    [GeneratedRegex(@"^\d+\.\d / 1[6-9]\.\d MB \((\d|[1-9]\d)%\)$")]
    private static partial Regex PartlyPulled();
}
