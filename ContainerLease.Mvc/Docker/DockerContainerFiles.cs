using System.Formats.Tar;
using System.IO.Pipelines;
using System.Runtime.ExceptionServices;
using ContainerLease.Domain.Errors;
using ContainerLease.Domain.Files;
using ContainerLease.Domain.Ports;
using ContainerLease.Mvc.Logging;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Options;

namespace ContainerLease.Mvc.Docker;

/// <summary>
/// Files through the engine's archive API, which needs no tool in the image. An upload goes in as a
/// tar written while the body arrives (the folders that are missing, then the file, owned by the
/// entry's user); a download comes out of the engine's tar as it is read. Neither is held whole.
/// </summary>
internal sealed class DockerContainerFiles : IContainerFiles, IDisposable
{
    private const UnixFileMode FilePermissions = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode FolderPermissions = FilePermissions | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    // Go's os.FileMode bits, as the engine reports a path's mode.
    private const uint GoDirectory = 1u << 31;
    private const uint GoSymlink = 1u << 27;

    /// <summary>
    /// Up to 1 MB of tar in flight between the body and the engine: the default (64 KB) made each of
    /// TarWriter's 80 KB writes wait for the engine, and a 64 MB upload took twice as long.
    /// </summary>
    private static readonly PipeOptions TarPipe = new(pauseWriterThreshold: 1024 * 1024, resumeWriterThreshold: 512 * 1024, minimumSegmentSize: 64 * 1024);

    private readonly IDockerClient _docker;
    private readonly DockerCalls _calls;
    private readonly TimeSpan _idleTimeout;
    private readonly TimeProvider _time;
    private readonly ILogger<DockerContainerFiles> _logger;

    /// <summary>
    /// An upload lasts as long as its sender takes, past any fixed <c>Docker:RequestTimeout</c>: it
    /// has its own client without one, and is given up only when no byte has moved for that long.
    /// </summary>
    private readonly DockerClient _uploads;

    public DockerContainerFiles(IDockerClient docker, DockerCalls calls, IOptions<DockerOptions> options, TimeProvider time, ILogger<DockerContainerFiles> logger)
    {
        _docker = docker;
        _calls = calls;
        _idleTimeout = options.Value.RequestTimeout;
        _time = time;
        _logger = logger;
        _uploads = new DockerClientConfiguration(options.Value.EndpointUri, defaultTimeout: Timeout.InfiniteTimeSpan).CreateClient();
    }

    public void Dispose() => _uploads.Dispose();

    public async Task WriteAsync(string containerId, ContainerPath path, FileUpload upload, string? owner, CancellationToken ct = default)
    {
        if (await StatAsync(containerId, path.Value, ct) is { } existing && IsFolder(existing))
        {
            throw new LeaseConflictException($"{path} is a folder; name a file inside it, such as {path.Append("data.csv")}.");
        }

        var (folder, missing) = await ExistingFolderAsync(containerId, path.Parent, ct);
        var fileOwner = await OwnerAsync(containerId, owner, ct);
        var now = _time.GetUtcNow();
        await ExtractAsync(containerId, folder, path, (tar, progressed, token) =>
            WriteTarAsync(tar, missing, path.Name, new UploadStream(upload.Content, upload.Length, progressed), fileOwner, now, token), ct);
    }

    public async Task<ContainerFile> ReadAsync(string containerId, ContainerPath path, CancellationToken ct = default)
    {
        var archive = await GetArchiveAsync(containerId, path, path.Value, ct);
        if ((archive.Stat.Mode & GoSymlink) != 0 && !string.IsNullOrEmpty(archive.Stat.LinkTarget))
        {
            // The engine's tar of a link holds the link; the user asked for what it points to.
            await archive.Stream.DisposeAsync();
            archive = await GetArchiveAsync(containerId, path, archive.Stat.LinkTarget, ct);
        }

        var name = path.IsRoot ? "root" : path.Name;
        if (IsFolder(archive.Stat))
        {
            return new ContainerFile(name, IsFolder: true, archive.Stream, Length: null);
        }

        var reader = new TarReader(new ForwardReadStream(archive.Stream));
        try
        {
            var entry = await _calls.RunAsync(() => reader.GetNextEntryAsync(copyData: false, ct).AsTask(), ct);
            if (entry is not { EntryType: TarEntryType.RegularFile or TarEntryType.V7RegularFile })
            {
                throw new LeaseConflictException($"{path} is neither a regular file nor a folder (a device, a pipe or a socket), so it cannot be downloaded.");
            }

            return new ContainerFile(name, IsFolder: false, new ForwardReadStream(entry.DataStream ?? Stream.Null, reader), entry.Length);
        }
        catch
        {
            await reader.DisposeAsync();
            throw;
        }
    }

    private async Task<GetArchiveFromContainerResponse> GetArchiveAsync(string containerId, ContainerPath asked, string path, CancellationToken ct)
    {
        try
        {
            return await _calls.RunAsync(() => _docker.Containers.GetArchiveFromContainerAsync(containerId, new GetArchiveFromContainerParameters { Path = path }, statOnly: false, ct), ct);
        }
        catch (DockerContainerNotFoundException)
        {
            // The access check has just found the container: what is missing is the path.
            throw new PathNotFoundException(asked.Value);
        }
    }

    private async Task<ContainerPathStatResponse?> StatAsync(string containerId, string path, CancellationToken ct)
    {
        try
        {
            return (await _calls.RunAsync(() => _docker.Containers.GetArchiveFromContainerAsync(containerId, new GetArchiveFromContainerParameters { Path = path }, statOnly: true, ct), ct)).Stat;
        }
        catch (DockerContainerNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// The deepest folder of <paramref name="folder"/> that exists, and the names below it that do
    /// not. The tar then holds entries for the missing ones only: an entry for an existing folder
    /// would give it the upload's owner and mode (a /tmp of mode 755 owned by a user would break others).
    /// </summary>
    private async Task<(ContainerPath Folder, IReadOnlyList<string> Missing)> ExistingFolderAsync(string containerId, ContainerPath folder, CancellationToken ct)
    {
        var missing = new List<string>();
        while (!folder.IsRoot)
        {
            if (await StatAsync(containerId, folder.Value, ct) is { } found)
            {
                if (!IsFolder(found) && (found.Mode & GoSymlink) == 0)
                {
                    throw new LeaseConflictException($"{folder} is a file, not a folder, so nothing can be written inside it.");
                }

                break;
            }

            missing.Insert(0, folder.Name);
            folder = folder.Parent;
        }

        return (folder, missing);
    }

    private async Task<FileOwner> OwnerAsync(string containerId, string? user, CancellationToken ct)
    {
        var needsFiles = FileOwner.NeedsUserDatabase(user);
        var passwd = needsFiles ? await ReadTextAsync(containerId, "/etc/passwd", ct) : string.Empty;
        var groups = needsFiles ? await ReadTextAsync(containerId, "/etc/group", ct) : string.Empty;
        if (FileOwner.Resolve(user, passwd, groups) is { } owner)
        {
            return owner;
        }

        // The engine started the process as this user, so the image knows it; if its files say otherwise, root can still reach the file.
        AppLog.FileOwnerUnknown(_logger, user ?? string.Empty, containerId);
        return FileOwner.Root;
    }

    private async Task<string> ReadTextAsync(string containerId, string path, CancellationToken ct)
    {
        try
        {
            await using var file = await ReadAsync(containerId, ContainerPath.Parse(path), ct);
            using var text = new StreamReader(file.Content);
            return await text.ReadToEndAsync(ct);
        }
        catch (Exception ex) when (ex is PathNotFoundException or LeaseConflictException)
        {
            return string.Empty;
        }
    }

    /// <summary>
    /// Streams the tar that <paramref name="writeTar"/> writes into the engine while it writes it,
    /// through a pipe of a few buffers. When the sender's body breaks off, that is the error to
    /// report, not the engine's complaint about a tar that ended early.
    /// </summary>
    private async Task ExtractAsync(string containerId, ContainerPath folder, ContainerPath path, Func<Stream, Action, CancellationToken, Task> writeTar, CancellationToken ct)
    {
        var pipe = new Pipe(TarPipe);
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(ct);
        idle.CancelAfter(_idleTimeout);
        var producing = ProduceAsync(pipe.Writer, tar => writeTar(tar, () => idle.CancelAfter(_idleTimeout), idle.Token));
        try
        {
            await _calls.RunAsync(() => PutArchiveAsync(containerId, folder, path, pipe.Reader.AsStream(), idle.Token), ct);
        }
        catch (Exception)
        {
            await idle.CancelAsync();
            await pipe.Reader.CompleteAsync();
            if (await FailureOfAsync(producing) is { } cause)
            {
                ExceptionDispatchInfo.Throw(cause);
            }

            throw;
        }

        await pipe.Reader.CompleteAsync();
        await producing;
    }

    private static async Task ProduceAsync(PipeWriter writer, Func<Stream, Task> writeTar)
    {
        try
        {
            await using (var tar = writer.AsStream(leaveOpen: true))
            {
                await writeTar(tar);
            }

            await writer.CompleteAsync();
        }
        catch (Exception ex)
        {
            await writer.CompleteAsync(ex);
            throw;
        }
    }

    /// <summary>The producer's own error; null when it succeeded or only stopped because the engine's side stopped it.</summary>
    private static async Task<Exception?> FailureOfAsync(Task producing)
    {
        try
        {
            await producing;
            return null;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    private async Task PutArchiveAsync(string containerId, ContainerPath folder, ContainerPath path, Stream tar, CancellationToken ct)
    {
        try
        {
            await _uploads.Containers.ExtractArchiveToContainerAsync(containerId, new ContainerPathStatParameters { Path = folder.Value, AllowOverwriteDirWithFile = false }, tar, ct);
        }
        catch (DockerApiException ex) when (DockerCalls.EngineMessage(ex).Contains("read-only", StringComparison.OrdinalIgnoreCase))
        {
            throw new LeaseConflictException($"{path} is on a read-only file system; write under {LeaseFiles.WritableFolder}, such as {LeaseFiles.WritableFolder.Append(path.Name)}.");
        }
        catch (DockerApiException ex) when (DockerCalls.EngineMessage(ex).Contains("no space left", StringComparison.OrdinalIgnoreCase))
        {
            throw new LeaseConflictException($"There is no room for {path}: the container's file system is full.");
        }
        catch (DockerContainerNotFoundException)
        {
            throw new PathNotFoundException(folder.Value);
        }
        catch (DockerApiException ex) when ((int)ex.StatusCode < 500)
        {
            AppLog.FileWriteRefused(_logger, ex, containerId, path.Value, DockerCalls.EngineMessage(ex));
            throw new LeaseConflictException($"The container refused to write {path}.");
        }
    }

    private static async Task WriteTarAsync(Stream output, IReadOnlyList<string> missing, string name, Stream data, FileOwner owner, DateTimeOffset now, CancellationToken ct)
    {
        var tar = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        await using (tar)
        {
            var prefix = string.Empty;
            foreach (var folder in missing)
            {
                prefix += folder + "/";
                await tar.WriteEntryAsync(Entry(TarEntryType.Directory, prefix, FolderPermissions, owner, now), ct);
            }

            var file = Entry(TarEntryType.RegularFile, prefix + name, FilePermissions, owner, now);
            file.DataStream = data;
            await tar.WriteEntryAsync(file, ct);
        }
    }

    private static PaxTarEntry Entry(TarEntryType type, string name, UnixFileMode mode, FileOwner owner, DateTimeOffset now) =>
        new(type, name) { Mode = mode, Uid = owner.Uid, Gid = owner.Gid, ModificationTime = now };

    private static bool IsFolder(ContainerPathStatResponse stat) => (stat.Mode & GoDirectory) != 0;
}
