using ContainerLease.Domain.Files;

namespace ContainerLease.Mvc.Api;

/// <summary>
/// A request body as a file of a known length. With a <c>Content-Length</c> the body streams
/// straight through; without one (chunked) it is first spooled to a temporary file, at most the
/// upload cap (the body's <see cref="LimitedReadStream"/> stops it there), because a tar entry's
/// header gives the size before the data. Either way it is never held whole in memory, and a body
/// that passes the cap is refused before anything reaches the container.
/// </summary>
internal sealed class UploadBody : IAsyncDisposable
{
    private readonly FileStream? _spool;

    private UploadBody(FileUpload upload, FileStream? spool)
    {
        Upload = upload;
        _spool = spool;
    }

    public FileUpload Upload { get; }

    public static async Task<UploadBody> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength is { } length)
        {
            return new UploadBody(new FileUpload(request.Body, length), null);
        }

        var path = Path.Combine(Path.GetTempPath(), $"containerlease-upload-{Guid.NewGuid():N}");
        var spool = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        try
        {
            await request.Body.CopyToAsync(spool, ct);
            spool.Position = 0;
            return new UploadBody(new FileUpload(spool, spool.Length), spool);
        }
        catch
        {
            await spool.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _spool?.DisposeAsync() ?? ValueTask.CompletedTask;
}
