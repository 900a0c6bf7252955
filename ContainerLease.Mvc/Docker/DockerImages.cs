using System.Net;
using ContainerLease.Domain.Errors;
using ContainerLease.Mvc.Logging;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Options;

namespace ContainerLease.Mvc.Docker;

/// <summary>Images on a Docker engine: pulled only when missing, a failed or slow pull a clear error. Shared by any runtime on a Docker engine.</summary>
internal sealed class DockerImages(IDockerClient docker, DockerCalls calls, IOptions<DockerOptions> options, ILogger<DockerImages> logger)
{
    public async Task EnsureAsync(string image, CancellationToken ct = default)
    {
        if (await ImageExistsAsync(image, ct))
        {
            return;
        }

        AppLog.PullingImage(logger, image);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Value.PullTimeout);
        string? error = null;
        try
        {
            var (name, tag) = SplitTag(image);
            var progress = new Progress<JSONMessage>(m => error ??= m.ErrorMessage ?? m.Error?.Message);
            await docker.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = name, Tag = tag }, null, progress, timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new ImageUnavailableException(image, $"the pull took longer than {options.Value.PullTimeout}.");
        }
        catch (DockerApiException ex)
        {
            throw new ImageUnavailableException(image, DockerCalls.EngineMessage(ex), ex);
        }
        catch (Exception ex) when (DockerCalls.IsUnreachable(ex))
        {
            throw DockerCalls.Unreachable(ex);
        }

        if (!await ImageExistsAsync(image, ct))
        {
            throw new ImageUnavailableException(image, error ?? "the engine reported no error, but the image is still missing.");
        }
    }

    private async Task<bool> ImageExistsAsync(string image, CancellationToken ct)
    {
        try
        {
            await calls.RunAsync(() => docker.Images.InspectImageAsync(image, ct), ct);
            return true;
        }
        catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    private static (string Name, string Tag) SplitTag(string image)
    {
        var slash = image.LastIndexOf('/');
        var colon = image.LastIndexOf(':');
        return colon > slash ? (image[..colon], image[(colon + 1)..]) : (image, "latest");
    }
}
