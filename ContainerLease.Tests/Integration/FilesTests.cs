using System.Formats.Tar;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using ContainerLease.Tests.Integration.Infrastructure;
using Docker.DotNet.Models;

namespace ContainerLease.Tests.Integration;

/// <summary>
/// Files in and out of leased containers on the real engine: bytes round trip unchanged, folders
/// come out as tar, and every refusal is a problem that changed nothing.
/// </summary>
public sealed class FilesTests : PrivateApp
{
    private const int Cap = 4 * 1024 * 1024;

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Files:MaxUploadBytes"] = Cap.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Catalog:Images:readonly:Image"] = TestSettings.Image;
        settings["Catalog:Images:readonly:Command:0"] = "sleep";
        settings["Catalog:Images:readonly:Command:1"] = "3600";
        settings["Catalog:Images:readonly:ReadOnlyRootFs"] = "true";
        settings["Catalog:Images:readonly:TmpfsMb"] = "16";
        settings["Catalog:Images:nobody:Image"] = TestSettings.Image;
        settings["Catalog:Images:nobody:Command:0"] = "sleep";
        settings["Catalog:Images:nobody:Command:1"] = "3600";
        settings["Catalog:Images:nobody:User"] = "nobody";
    }

    [Fact]
    public async Task Put_ThenGet_RoundTripsABinaryFileOfAFewMegabytes_ByteForByte()
    {
        using var client = App.CreateClient();
        var lease = await client.ProvisionAsync(seconds: 300);
        var bytes = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 123);

        using var put = await client.PutAsync(FilesPath(lease, "/tmp/data.bin"), new ByteArrayContent(bytes));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var written = (await put.Content.ReadFromJsonAsync<FileWrittenResponse>())!;
        Assert.Equal(new FileWrittenResponse("/tmp/data.bin", bytes.Length), written);

        using var get = await client.GetAsync(FilesPath(lease, "/tmp/data.bin"));
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("application/octet-stream", get.Content.Headers.ContentType?.MediaType);
        Assert.Equal("data.bin", get.Content.Headers.ContentDisposition?.FileNameStar ?? get.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal(SHA256.HashData(bytes), SHA256.HashData(await get.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task Put_WithoutAContentLength_IsWrittenAllTheSame()
    {
        using var client = App.CreateClient();
        var lease = await client.ProvisionAsync(seconds: 300);
        var bytes = RandomNumberGenerator.GetBytes(300_000);

        using var put = await client.PutAsync(FilesPath(lease, "/tmp/chunked.bin"), new StreamContent(new UnknownLengthStream(bytes)));

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(bytes, await client.GetByteArrayAsync(FilesPath(lease, "/tmp/chunked.bin")));
    }

    [Fact]
    public async Task Put_CreatesMissingParentFolders_AndGetOfAFolder_IsATarOfIt()
    {
        using var client = App.CreateClient();
        var lease = await client.ProvisionAsync(seconds: 300);

        await PutTextAsync(client, lease, "/tmp/made/one.txt", "first");
        await PutTextAsync(client, lease, "/tmp/made/deeper/still/two.txt", "second");

        using var get = await client.GetAsync(FilesPath(lease, "/tmp/made"));
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("application/x-tar", get.Content.Headers.ContentType?.MediaType);
        Assert.Equal("made.tar", get.Content.Headers.ContentDisposition?.FileNameStar ?? get.Content.Headers.ContentDisposition?.FileName);
        var entries = await EntriesAsync(await get.Content.ReadAsStreamAsync());
        Assert.Equal("first", entries["made/one.txt"]);
        Assert.Equal("second", entries["made/deeper/still/two.txt"]);
        Assert.Contains("made/deeper/", entries.Keys);
        Assert.Contains("made/deeper/still/", entries.Keys);

        // /tmp itself was only written into: still the sticky, world-writable folder it was (Go's mode bits: sticky is 1 << 20).
        var tmp = (await Docker.Containers.GetArchiveFromContainerAsync(lease.ContainerId, new GetArchiveFromContainerParameters { Path = "/tmp" }, statOnly: true)).Stat;
        Assert.Equal(Convert.ToUInt32("777", 8) | (1u << 20), tmp.Mode & (Convert.ToUInt32("777", 8) | (1u << 20)));
    }

    [Fact]
    public async Task Put_PastTheCap_Answers413_AndWritesNothing_WhetherItsLengthIsDeclaredOrNot()
    {
        using var client = App.CreateClient();
        var lease = await client.ProvisionAsync(seconds: 300);
        var tooBig = new byte[Cap + 1];

        using var declared = await client.PutAsync(FilesPath(lease, "/tmp/big.bin"), new ByteArrayContent(tooBig));
        using var chunked = await client.PutAsync(FilesPath(lease, "/tmp/big.bin"), new StreamContent(new UnknownLengthStream(tooBig)));

        foreach (var refused in new[] { declared, chunked })
        {
            var problem = await LeaseApi.AssertProblemAsync(refused, HttpStatusCode.RequestEntityTooLarge);
            Assert.Contains($"{Cap} bytes", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        await LeaseApi.AssertProblemAsync(await client.GetAsync(FilesPath(lease, "/tmp/big.bin")), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Get_AMissingPath_Answers404_WithThePathInDetail()
    {
        using var client = App.CreateClient();
        var lease = await client.ProvisionAsync(seconds: 300);

        var problem = await LeaseApi.AssertProblemAsync(await client.GetAsync(FilesPath(lease, "/tmp/not-here.csv")), HttpStatusCode.NotFound);

        Assert.Contains("/tmp/not-here.csv", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadOnlyRoot_Answers409ToWriteOutsideTmp_SayingToWriteUnderTmp_AndTakesFilesUnderTmp()
    {
        using var client = App.CreateClient();
        var lease = await client.ProvisionAsync("readonly", 300);

        var problem = await LeaseApi.AssertProblemAsync(await client.PutAsync(FilesPath(lease, "/data.csv"), new StringContent("a,b")), HttpStatusCode.Conflict);
        Assert.Contains("write under /tmp", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await LeaseApi.AssertProblemAsync(await client.GetAsync(FilesPath(lease, "/data.csv")), HttpStatusCode.NotFound);

        // The container's own /tmp and the archive API's are one: what a process writes, a download reads, and back.
        await ExecAsync(lease.ContainerId, "echo from-inside > /tmp/inside.txt");
        Assert.Equal("from-inside\n", await client.GetStringAsync(FilesPath(lease, "/tmp/inside.txt")));
        await PutTextAsync(client, lease, "/tmp/sub/data.csv", "a,b");
        Assert.Equal("a,b", await ExecAsync(lease.ContainerId, "cat /tmp/sub/data.csv"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("tmp/data.csv")]
    [InlineData("/tmp/../etc/passwd")]
    [InlineData("/tmp/a\nb")]
    public async Task BadPaths_Answer400_NamingThePathField_AndWriteNothing(string path)
    {
        using var client = App.CreateClient();
        var lease = await client.ProvisionAsync(seconds: 300);

        var put = await LeaseApi.AssertProblemAsync(await client.PutAsync(FilesPath(lease, path), new StringContent("x")), HttpStatusCode.BadRequest);
        var get = await LeaseApi.AssertProblemAsync(await client.GetAsync(FilesPath(lease, path)), HttpStatusCode.BadRequest);

        foreach (var problem in new[] { put, get })
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty("path", out _), problem.ToString());
        }

        Assert.Equal(string.Empty, await ExecAsync(lease.ContainerId, "ls /tmp"));
    }

    [Fact]
    public async Task AnotherUsersLease_Answers404_ExactlyAsAMissingOne_AndNothingIsWritten()
    {
        using var alice = App.CreateClient();
        using var bob = App.CreateClient().As(TestUsers.Bob);
        var lease = await alice.ProvisionAsync(seconds: 300);
        const string unknown = "0123456789abcdef0123456789abcdef";

        var bobsPut = await LeaseApi.AssertProblemAsync(await bob.PutAsync(FilesPath(lease.LeaseId, "/tmp/x"), new StringContent("x")), HttpStatusCode.NotFound);
        var bobsGet = await LeaseApi.AssertProblemAsync(await bob.GetAsync(FilesPath(lease.LeaseId, "/tmp")), HttpStatusCode.NotFound);
        var missing = await LeaseApi.AssertProblemAsync(await alice.GetAsync(FilesPath(unknown, "/tmp")), HttpStatusCode.NotFound);

        var expected = missing.GetProperty("detail").GetString()!.Replace(unknown, lease.LeaseId, StringComparison.Ordinal);
        Assert.Equal(expected, bobsPut.GetProperty("detail").GetString());
        Assert.Equal(expected, bobsGet.GetProperty("detail").GetString());
        Assert.Equal(missing.GetProperty("title").GetString(), bobsGet.GetProperty("title").GetString());
        Assert.Equal(string.Empty, await ExecAsync(lease.ContainerId, "ls /tmp"));
    }

    [Fact]
    public async Task AnEndedLease_Answers409()
    {
        using var client = App.CreateClient();
        var lease = await client.ProvisionAsync(seconds: 300);
        (await client.DeleteAsync($"/api/leases/{lease.LeaseId}")).EnsureSuccessStatusCode();

        await LeaseApi.AssertProblemAsync(await client.PutAsync(FilesPath(lease, "/tmp/x"), new StringContent("x")), HttpStatusCode.Conflict);
        await LeaseApi.AssertProblemAsync(await client.GetAsync(FilesPath(lease, "/tmp")), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task APausedLease_Answers409_SayingToResumeIt_AndTakesFilesOnceResumed()
    {
        using var client = App.CreateClient();
        var lease = await client.ProvisionAsync(seconds: 300);
        (await client.PostAsync($"/api/leases/{lease.LeaseId}/pause", null)).EnsureSuccessStatusCode();

        var put = await LeaseApi.AssertProblemAsync(await client.PutAsync(FilesPath(lease, "/tmp/x"), new StringContent("x")), HttpStatusCode.Conflict);
        await LeaseApi.AssertProblemAsync(await client.GetAsync(FilesPath(lease, "/tmp")), HttpStatusCode.Conflict);
        Assert.Contains("resume it first", put.GetProperty("detail").GetString(), StringComparison.Ordinal);

        (await client.PostAsync($"/api/leases/{lease.LeaseId}/resume", null)).EnsureSuccessStatusCode();
        await PutTextAsync(client, lease, "/tmp/x", "x");
    }

    [Fact]
    public async Task AnUpload_IsOwnedByTheEntrysUser_SoItsProcessCanWriteIt()
    {
        using var client = App.CreateClient();
        var lease = await client.ProvisionAsync("nobody", 300);

        await PutTextAsync(client, lease, "/tmp/owned/data.txt", "mine");

        foreach (var path in new[] { "/tmp/owned", "/tmp/owned/data.txt" })
        {
            using var archive = (await Docker.Containers.GetArchiveFromContainerAsync(lease.ContainerId, new GetArchiveFromContainerParameters { Path = path }, statOnly: false)).Stream;
            var entry = (await new TarReader(archive).GetNextEntryAsync())!;
            Assert.Equal((65534, 65534), (entry.Uid, entry.Gid));
        }

        Assert.Equal(string.Empty, await ExecAsync(lease.ContainerId, "echo more >> /tmp/owned/data.txt"));
    }

    [Fact]
    public async Task PageUpload_NeedsItsAntiforgeryToken_AndPageDownload_ServesOnlyTheOwner()
    {
        using var api = App.CreateClient();
        var lease = await api.ProvisionAsync(seconds: 300);
        using var alice = await App.SignedInAsync(TestUsers.Alice);
        using var bob = await App.SignedInAsync(TestUsers.Bob);
        var token = Clients.AntiforgeryToken(await alice.GetStringAsync($"/?selected={lease.LeaseId}"));

        using var tooBig = await alice.PostAsync($"/leases/{lease.LeaseId}/files", PageUpload(token, "big.bin", new string('x', Cap + 1)));
        using var forged = await alice.PostAsync($"/leases/{lease.LeaseId}/files", PageUpload(null, "forged.txt"));
        using var posted = await alice.PostAsync($"/leases/{lease.LeaseId}/files", PageUpload(token, "page.txt"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBig.StatusCode);
        Assert.Contains("Files:MaxUploadBytes", await tooBig.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal("from the page", await api.GetStringAsync(FilesPath(lease, "/tmp/page.txt")));
        await LeaseApi.AssertProblemAsync(await api.GetAsync(FilesPath(lease, "/tmp/forged.txt")), HttpStatusCode.NotFound);
        await LeaseApi.AssertProblemAsync(await api.GetAsync(FilesPath(lease, "/tmp/big.bin")), HttpStatusCode.NotFound);

        using var own = await alice.GetAsync($"/leases/{lease.LeaseId}/files?path=%2Ftmp%2Fpage.txt");
        using var others = await bob.GetAsync($"/leases/{lease.LeaseId}/files?path=%2Ftmp%2Fpage.txt");
        Assert.Equal("from the page", await own.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, others.StatusCode);
        Assert.Contains($"There is no lease '{lease.LeaseId}'", WebUtility.HtmlDecode(await bob.GetStringAsync(others.Headers.Location!.OriginalString)), StringComparison.Ordinal);
    }

    private static MultipartFormDataContent PageUpload(string? token, string fileName, string text = "from the page")
    {
        var form = new MultipartFormDataContent { { new StringContent("/tmp"), "folder" }, { new StringContent(text), "file", fileName } };
        if (token is not null)
        {
            form.Add(new StringContent(token), Clients.TokenField);
        }

        return form;
    }

    private static string FilesPath(LeaseResponse lease, string path) => FilesPath(lease.LeaseId, path);

    private static string FilesPath(string leaseId, string path) => $"/api/leases/{leaseId}/files?path={Uri.EscapeDataString(path)}";

    private static async Task PutTextAsync(HttpClient client, LeaseResponse lease, string path, string text)
    {
        using var put = await client.PutAsync(FilesPath(lease, path), new StringContent(text));
        Assert.True(put.IsSuccessStatusCode, $"{path}: {put.StatusCode} {await put.Content.ReadAsStringAsync()}");
    }

    /// <summary>Every entry of a tar: a file's text, or empty for a folder (named with its trailing slash).</summary>
    private static async Task<Dictionary<string, string>> EntriesAsync(Stream tar)
    {
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var reader = new TarReader(tar);
        while (await reader.GetNextEntryAsync() is { } entry)
        {
            var name = entry.EntryType == TarEntryType.Directory ? entry.Name.TrimEnd('/') + "/" : entry.Name;
            entries[name] = entry.DataStream is null ? string.Empty : await new StreamReader(entry.DataStream, Encoding.UTF8).ReadToEndAsync();
        }

        return entries;
    }

    /// <summary>Runs a shell command in the container as its own user; its stdout and stderr together.</summary>
    private async Task<string> ExecAsync(string containerId, string command)
    {
        var exec = await Docker.Exec.ExecCreateContainerAsync(containerId, new ContainerExecCreateParameters { Cmd = ["sh", "-c", command], AttachStdout = true, AttachStderr = true });
        using var stream = await Docker.Exec.StartAndAttachContainerExecAsync(exec.ID, false);
        var (stdout, stderr) = await stream.ReadOutputToEndAsync(CancellationToken.None);
        return stdout + stderr;
    }

    /// <summary>A body whose length the client does not know, so it is sent chunked.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
