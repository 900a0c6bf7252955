using System.Security.Cryptography;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ContainerLease.Tests.Browser;

/// <summary>The lease panel's upload and download forms, in a real Chromium, on a real container.</summary>
[Collection(SharedBrowser.Name)]
public sealed class FilesPanelTests(BrowserFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task Panel_UploadsAFileIntoAFolder_AndDownloadsItBack_WithMessagesBesideTheFields()
    {
        var lease = await ProvisionAsync(120);
        var page = await OpenAsync($"/?selected={lease.LeaseId}");
        await page.WaitUntilSettledAsync();
        var bytes = RandomNumberGenerator.GetBytes(200_000);

        await page.Page.Locator("#upload-file").SetInputFilesAsync(new FilePayload { Name = "notes.bin", MimeType = "application/octet-stream", Buffer = bytes });
        await page.Page.Locator("#upload-folder").FillAsync("/tmp/from-page");
        await page.Page.GetByRole(AriaRole.Button, new() { Name = "Upload file" }).ClickAsync();

        await Expect(page.Page.Locator("#files [role=status]")).ToHaveTextAsync("Uploaded notes.bin (195.3 KB) to /tmp/from-page/notes.bin.");
        await Expect(page.Page.Locator("#upload-progress")).ToBeVisibleAsync();
        Assert.Equal(bytes, await Fixture.Api.GetByteArrayAsync($"/api/leases/{lease.LeaseId}/files?path=%2Ftmp%2Ffrom-page%2Fnotes.bin"));
        Assert.Empty(await page.AccessibilityFindingsAsync());

        await page.Page.Locator("#download-path").FillAsync("/tmp/from-page/notes.bin");
        var download = await page.Page.RunAndWaitForDownloadAsync(() => page.Page.GetByRole(AriaRole.Button, new() { Name = "Download file" }).ClickAsync());
        Assert.Equal("notes.bin", download.SuggestedFilename);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(await download.PathAsync()));

        // A relative folder is refused beside the folder field; nothing is sent to the container.
        await page.Page.Locator("#upload-file").SetInputFilesAsync(new FilePayload { Name = "again.bin", MimeType = "application/octet-stream", Buffer = bytes });
        await page.Page.Locator("#upload-folder").FillAsync("tmp");
        await page.Page.GetByRole(AriaRole.Button, new() { Name = "Upload file" }).ClickAsync();
        await Expect(page.Page.Locator("#upload-folder-error")).ToContainTextAsync("absolute");
        await Expect(page.Page.Locator("#upload-folder")).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.Empty(await page.AccessibilityFindingsAsync());
    }

    [Fact]
    public async Task Upload_OfAFileOverTheCap_IsRefusedBesideTheField_BeforeAnythingIsSent()
    {
        var lease = await ProvisionAsync(120);
        var page = await OpenAsync($"/?selected={lease.LeaseId}");
        await page.WaitUntilSettledAsync();
        var posts = 0;
        page.Page.Request += (_, request) => posts += request.Method == "POST" && request.Url.EndsWith("/files", StringComparison.Ordinal) ? 1 : 0;

        await page.Page.Locator("#upload-file").SetInputFilesAsync(new FilePayload { Name = "big.bin", MimeType = "application/octet-stream", Buffer = new byte[1_500_000] });
        await page.Page.GetByRole(AriaRole.Button, new() { Name = "Upload file" }).ClickAsync();

        await Expect(page.Page.Locator("#upload-file-error")).ToHaveTextAsync("big.bin is 1.4 MB; an upload may be at most 1 MB.");
        await Expect(page.Page.Locator("#upload-file")).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.Equal(0, posts);
        Assert.Empty(await page.AccessibilityFindingsAsync());
    }

    [Fact]
    public async Task Download_OfAMissingPath_ShowsWhyBesideThePathField()
    {
        var lease = await ProvisionAsync(120);
        var page = await OpenAsync($"/?selected={lease.LeaseId}");
        await page.WaitUntilSettledAsync();

        await page.Page.Locator("#download-path").FillAsync("/tmp/nothing-here.csv");
        await page.Page.GetByRole(AriaRole.Button, new() { Name = "Download file" }).ClickAsync();

        await Expect(page.Page.Locator("#download-path-error")).ToContainTextAsync("/tmp/nothing-here.csv");
        await Expect(page.Page.Locator("#download-path")).ToHaveValueAsync("/tmp/nothing-here.csv");
        Assert.Empty(await page.AccessibilityFindingsAsync());
    }
}
