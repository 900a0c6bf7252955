using ContainerLease.Domain.Catalog;
using ContainerLease.Domain.Errors;
using ContainerLease.Domain.Files;
using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Ports;
using ContainerLease.Domain.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace ContainerLease.Domain.Tests;

public sealed class LeaseFilesTests
{
    private readonly LeaseServiceHarness _h = new();
    private readonly RecordingFiles _engine = new();

    private LeaseFiles Files => new(new LeaseAccess(_h.Store, _h.Runtime), _engine, new ImageCatalog(new CatalogOptions
    {
        Images = new Dictionary<string, CatalogImage>(StringComparer.Ordinal) { [LeaseServiceHarness.ImageType] = _h.Image },
    }), new LeaseActivity(_h.Store, _h.Time, NullLogger<LeaseActivity>.Instance), NullLogger<LeaseFiles>.Instance);

    [Fact]
    public async Task WriteAsync_WritesTheParsedPath_AsTheEntrysUser()
    {
        _h.Image.User = "65534:65534";
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));

        var written = await Files.WriteAsync(lease.Id.Value, "/tmp//data.csv", Upload(), LeaseServiceHarness.Caller);

        Assert.Equal("/tmp/data.csv", written.Value);
        Assert.Equal((lease.ContainerId, "/tmp/data.csv", "65534:65534"), Assert.Single(_engine.Writes));
    }

    [Theory]
    [InlineData("tmp/data.csv")]
    [InlineData("/tmp/../data.csv")]
    [InlineData("/")]
    public async Task WriteAsync_RefusesABadPath_BeforeTheLeaseOrTheEngineIsAsked(string path)
    {
        var error = await Assert.ThrowsAsync<LeaseValidationException>(() => Files.WriteAsync("not-even-a-lease", path, Upload(), LeaseServiceHarness.Caller));

        Assert.Equal("path", error.Field);
        Assert.Empty(_engine.Writes);
    }

    [Fact]
    public async Task WriteAsync_OnAReadOnlyRoot_RefusesAnythingOutsideTmp_SayingToWriteUnderTmp()
    {
        _h.Image.ReadOnlyRootFs = true;
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));

        var error = await Assert.ThrowsAsync<LeaseConflictException>(() => Files.WriteAsync(lease.Id.Value, "/data.csv", Upload(), LeaseServiceHarness.Caller));
        await Assert.ThrowsAsync<LeaseConflictException>(() => Files.WriteAsync(lease.Id.Value, "/tmp", Upload(), LeaseServiceHarness.Caller));
        await Files.WriteAsync(lease.Id.Value, "/tmp/data.csv", Upload(), LeaseServiceHarness.Caller);

        Assert.Contains("write under /tmp, such as /tmp/data.csv", error.Message, StringComparison.Ordinal);
        Assert.Equal("/tmp/data.csv", Assert.Single(_engine.Writes).Path);
    }

    [Fact]
    public async Task AnotherUsersLease_IsMissing_AndAnEndedOneConflicts_ForWritesAndReads()
    {
        var lease = await _h.ProvisionAsync(TimeSpan.FromHours(1));
        var bob = new LeaseCaller("bob", IsAdmin: false);

        var write = await Assert.ThrowsAsync<LeaseNotFoundException>(() => Files.WriteAsync(lease.Id.Value, "/tmp/x", Upload(), bob));
        var read = await Assert.ThrowsAsync<LeaseNotFoundException>(() => Files.ReadAsync(lease.Id.Value, "/tmp/x", bob));
        Assert.Equal(new LeaseNotFoundException(lease.Id.Value).Message, write.Message);
        Assert.Equal(write.Message, read.Message);

        await _h.Endings.TerminateAsync(lease.Id, LeaseServiceHarness.Caller);
        await Assert.ThrowsAsync<LeaseConflictException>(() => Files.WriteAsync(lease.Id.Value, "/tmp/x", Upload(), LeaseServiceHarness.Caller));
        await Assert.ThrowsAsync<LeaseConflictException>(() => Files.ReadAsync(lease.Id.Value, "/tmp/x", LeaseServiceHarness.Caller));
        Assert.Empty(_engine.Writes);
    }

    private static FileUpload Upload() => new(new MemoryStream([1, 2, 3]), 3);

    private sealed class RecordingFiles : IContainerFiles
    {
        public List<(string ContainerId, string Path, string? Owner)> Writes { get; } = [];

        public Task WriteAsync(string containerId, ContainerPath path, FileUpload upload, string? owner, CancellationToken ct = default)
        {
            Writes.Add((containerId, path.Value, owner));
            return Task.CompletedTask;
        }

        public Task<ContainerFile> ReadAsync(string containerId, ContainerPath path, CancellationToken ct = default) =>
            Task.FromResult(new ContainerFile(path.Name, IsFolder: false, new MemoryStream(), 0));
    }
}
