using System.Collections.Concurrent;
using System.Net;
using ContainerLease.Domain.Errors;
using ContainerLease.Domain.Images;
using ContainerLease.Mvc.Logging;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Options;

namespace ContainerLease.Mvc.Docker;

/// <summary>
/// Images on a Docker engine: pulled only when missing (or, on a refresh, to see whether the tag
/// moved), a failed or slow pull a clear error, each pull's bytes told to whoever waits for it and
/// to <see cref="ImageStates"/>. Shared by any runtime on a Docker engine.
/// </summary>
internal sealed class DockerImages(
    IDockerClient docker,
    DockerCalls calls,
    ImageStates states,
    IPullLocks locks,
    TimeProvider time,
    IOptions<DockerOptions> options,
    IOptions<RegistriesOptions> registries,
    ILogger<DockerImages> logger)
{
    /// <summary>How often an instance waiting for another's pull looks whether the image arrived.</summary>
    private static readonly TimeSpan ElsewherePoll = TimeSpan.FromMilliseconds(250);

    /// <summary>The pull under way for each image: a request that needs an image being pulled waits for that pull rather than starting another.</summary>
    private readonly ConcurrentDictionary<string, Lazy<ImagePull>> _pulls = new(StringComparer.Ordinal);

    public async Task EnsureAsync(string image, IProgress<PullProgress>? progress = null, CancellationToken ct = default)
    {
        if (!await HasAsync(image, ct))
        {
            await JoinAsync(image, refresh: false, progress, ct);
        }
    }

    /// <summary>Whether the engine has the image; one it has is noted ready, so the provision's digest read that follows costs no second look.</summary>
    public async Task<bool> HasAsync(string image, CancellationToken ct = default)
    {
        if (await InspectAsync(image, ct) is not { } local)
        {
            return false;
        }

        NoteReady(image, local);
        return true;
    }

    /// <summary>
    /// Pulls the image's tag again, which costs the engine little when the tag did not move ("Image is
    /// up to date"); returns the image before and after, the same when it did not move.
    /// </summary>
    public async Task<(LocalImage? Before, LocalImage After)> RefreshAsync(string image, CancellationToken ct = default)
    {
        var before = await InspectAsync(image, ct);
        var after = await JoinAsync(image, refresh: before is not null, progress: null, ct);
        return (before, after);
    }

    /// <summary>The image as the engine holds it, or null when it has none of that name.</summary>
    public async Task<LocalImage?> InspectAsync(string image, CancellationToken ct = default)
    {
        try
        {
            var found = await calls.RunAsync(() => docker.Images.InspectImageAsync(image, ct), ct);
            return new LocalImage(found.ID, ImageNames.DigestFor(image, found.RepoDigests));
        }
        catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>What a container made from <paramref name="name"/> runs, by the image id it holds: the name's registry digest, or the id.</summary>
    public async Task<string> RanAsync(string name, string imageId, CancellationToken ct = default)
    {
        if (states.Find(name) is { ImageId: { } known } state && known == imageId)
        {
            return state.Digest ?? known; // What the provision's own check of the image just saw: no second engine call.
        }

        try
        {
            var found = await calls.RunAsync(() => docker.Images.InspectImageAsync(imageId, ct), ct);
            return new LocalImage(found.ID, ImageNames.DigestFor(name, found.RepoDigests)).Ran;
        }
        catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return imageId; // Removed since (a moved tag, a prune): the id is all that is left to say.
        }
    }

    /// <summary>Records an image found on the engine as ready; one that is being pulled again keeps showing its pull.</summary>
    public void NoteReady(string image, LocalImage local)
    {
        if (!_pulls.ContainsKey(image) || states.Find(image)?.Status != ImageState.Pulling)
        {
            states.Ready(image, local.Id, local.Digest);
        }
    }

    private async Task<LocalImage> JoinAsync(string image, bool refresh, IProgress<PullProgress>? progress, CancellationToken ct)
    {
        // Not tied to the first caller's token: others may be waiting for the same pull.
        var pull = _pulls.GetOrAdd(image, i => new Lazy<ImagePull>(() => Start(i, refresh))).Value;
        using var following = progress is null ? null : pull.Follow(progress);
        return await pull.Done.WaitAsync(ct);
    }

    private ImagePull Start(string image, bool refresh)
    {
        var pull = new ImagePull(image, logger);
        pull.Done = RunAsync(pull, refresh);
        return pull;
    }

    /// <param name="refresh">The image is on the engine already: it stays ready while its tag is checked, and a failure leaves it so.</param>
    private async Task<LocalImage> RunAsync(ImagePull pull, bool refresh)
    {
        var image = pull.Image;
        await Task.Yield(); // Leave the dictionary's factory before any work.
        try
        {
            if (!refresh)
            {
                states.Pulling(image, pull.Current);
            }

            using var shown = refresh ? null : pull.Follow(new StateProgress(states, image));
            var local = await PullOnceAsync(pull, refresh);
            states.Ready(image, local.Id, local.Digest);
            return local;
        }
        catch (Exception ex) when (!refresh)
        {
            states.Failed(image, ex switch
            {
                ImageUnavailableException unavailable => unavailable.Reason,
                DependencyUnavailableException engine => engine.Message,
                _ => "the pull failed unexpectedly; the app's log has the error.",
            }, retryAt: null);
            throw;
        }
        finally
        {
            // The entry is this pull's: nothing else removes one, and none replaces one.
            _pulls.TryRemove(image, out _);
        }
    }

    /// <summary>
    /// Pulls under the image's lock across instances. While another instance holds it, waits for the
    /// image to arrive (instances on one engine) or the lock to go (on another engine: then pulls
    /// here), up to <c>Docker:PullTimeout</c>; a refresh another instance is making is not made twice.
    /// </summary>
    private async Task<LocalImage> PullOnceAsync(ImagePull pull, bool refresh)
    {
        var image = pull.Image;
        var deadline = time.GetUtcNow() + options.Value.PullTimeout;
        var told = false;
        while (true)
        {
            var held = await locks.TryTakeAsync(image);
            if (held is not null)
            {
                await using (held)
                {
                    return await PullAsync(pull);
                }
            }

            if (refresh && await InspectAsync(image) is { } current)
            {
                return current;
            }

            if (!told)
            {
                AppLog.PullingElsewhere(logger, image);
                told = true;
            }

            if (time.GetUtcNow() >= deadline)
            {
                throw new ImageUnavailableException(image, $"another instance's pull of it took longer than {options.Value.PullTimeout}.");
            }

            await Task.Delay(ElsewherePoll, time);
            if (await InspectAsync(image) is { } arrived)
            {
                return arrived;
            }
        }
    }

    private async Task<LocalImage> PullAsync(ImagePull pull)
    {
        var image = pull.Image;
        AppLog.PullingImage(logger, image);
        using var timeout = new CancellationTokenSource(options.Value.PullTimeout);
        var credentials = registries.Value.For(image);
        string? error = null;
        try
        {
            var (name, tag) = ImageNames.Split(image);
            var progress = new EngineMessages(m =>
            {
                error ??= m.ErrorMessage ?? m.Error?.Message;
                pull.Report(m);
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
            // The engine answers a registry's refusal or absence with a 5xx too: that is the image's failure, not the engine's.
            throw new ImageUnavailableException(image, Scrub(DockerCalls.EngineMessage(ex), credentials), ex);
        }
        catch (Exception ex) when (DockerCalls.IsUnreachable(ex))
        {
            throw DockerCalls.Unreachable(ex);
        }

        if (error is not null)
        {
            throw new ImageUnavailableException(image, Scrub(error, credentials));
        }

        return await InspectAsync(image, CancellationToken.None)
            ?? throw new ImageUnavailableException(image, "the engine reported no error, but the image is still missing.");
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

    /// <summary>The engine's messages as they come, in order, on the reading thread (<see cref="Progress{T}"/> would post them to the pool, out of order).</summary>
    private sealed class EngineMessages(Action<JSONMessage> take) : IProgress<JSONMessage>
    {
        public void Report(JSONMessage value) => take(value);
    }

    private sealed class StateProgress(ImageStates states, string image) : IProgress<PullProgress>
    {
        public void Report(PullProgress value) => states.Pulling(image, value);
    }
}
