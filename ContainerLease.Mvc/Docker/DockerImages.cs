using System.Collections.Concurrent;
using System.Net;
using ContainerLease.Domain.Errors;
using ContainerLease.Domain.Images;
using ContainerLease.Mvc.Logging;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Options;

namespace ContainerLease.Mvc.Docker;

/// <summary>Images on a Docker engine: pulled only when missing, a failed or slow pull a clear error. Shared by any runtime on a Docker engine.</summary>
internal sealed class DockerImages(
    IDockerClient docker,
    DockerCalls calls,
    IOptions<DockerOptions> options,
    IOptions<RegistriesOptions> registries,
    ILogger<DockerImages> logger)
{
    /// <summary>The pull under way for each image: a request that needs an image being pulled waits for that pull rather than starting another.</summary>
    private readonly ConcurrentDictionary<string, Pull> _pulls = new(StringComparer.Ordinal);

    public async Task EnsureAsync(string image, IProgress<PullProgress>? progress = null, CancellationToken ct = default)
    {
        if (await ExistsAsync(image, ct))
        {
            return;
        }

        // Not tied to the first caller's token: others may be waiting for the same pull.
        var pull = _pulls.GetOrAdd(image, i => new Pull(i, this));
        using (pull.Meter.Follow(progress))
        {
            await pull.Run.Value.WaitAsync(ct);
        }
    }

    public async Task<bool> ExistsAsync(string image, CancellationToken ct = default)
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

    /// <summary>One pull of one image, and how far it has come, for every caller waiting for it.</summary>
    private sealed class Pull
    {
        public Pull(string image, DockerImages images) => Run = new(() => images.PullAsync(image, Meter));

        public PullMeter Meter { get; } = new();

        public Lazy<Task> Run { get; }
    }

    private async Task PullAsync(string image, PullMeter meter)
    {
        try
        {
            AppLog.PullingImage(logger, image);
            using var timeout = new CancellationTokenSource(options.Value.PullTimeout);
            var credentials = registries.Value.For(image);
            string? error = null;
            try
            {
                var (name, tag) = SplitTag(image);
                var progress = new Progress<JSONMessage>(m =>
                {
                    error ??= m.ErrorMessage ?? m.Error?.Message;
                    meter.Add(m);
                });
                var auth = credentials is null ? null : new AuthConfig
                {
                    ServerAddress = credentials.Server,
                    Username = credentials.Username,
                    Password = credentials.Password,
                    IdentityToken = credentials.IdentityToken,
                };
                await docker.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = name, Tag = tag }, auth, progress, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new ImageUnavailableException(image, $"the pull took longer than {options.Value.PullTimeout}.");
            }
            catch (DockerApiException ex)
            {
                throw new ImageUnavailableException(image, Scrub(DockerCalls.EngineMessage(ex), credentials), ex);
            }
            catch (Exception ex) when (DockerCalls.IsUnreachable(ex))
            {
                throw DockerCalls.Unreachable(ex);
            }

            if (!await ExistsAsync(image, CancellationToken.None))
            {
                throw new ImageUnavailableException(image, Scrub(error ?? "the engine reported no error, but the image is still missing.", credentials));
            }
        }
        finally
        {
            _pulls.TryRemove(image, out _);
        }
    }

    /// <summary>An engine's message never carries a secret we know of, as far as we can make sure.</summary>
    private static string Scrub(string message, RegistryOptions? credentials)
    {
        foreach (var secret in new[] { credentials?.Password, credentials?.IdentityToken })
        {
            if (!string.IsNullOrEmpty(secret))
            {
                message = message.Replace(secret, "***", StringComparison.Ordinal);
            }
        }

        return message;
    }

    private static (string Name, string Tag) SplitTag(string image)
    {
        var slash = image.LastIndexOf('/');
        var colon = image.LastIndexOf(':');
        return colon > slash ? (image[..colon], image[(colon + 1)..]) : (image, "latest");
    }
}
