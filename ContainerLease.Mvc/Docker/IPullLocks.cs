namespace ContainerLease.Mvc.Docker;

/// <summary>One pull of an image at a time across the app's instances: a lock per image, held while the pull runs.</summary>
internal interface IPullLocks
{
    /// <summary>Takes the image's lock, held until the result is disposed; null while another instance holds it.</summary>
    Task<IAsyncDisposable?> TryTakeAsync(string image, CancellationToken ct = default);
}

/// <summary>One instance alone (no Redis): its own single-flight per image is enough, so every lock is free.</summary>
internal sealed class InstanceOnlyPullLocks : IPullLocks
{
    private static readonly Task<IAsyncDisposable?> Free = Task.FromResult<IAsyncDisposable?>(new Nothing());

    public Task<IAsyncDisposable?> TryTakeAsync(string image, CancellationToken ct = default) => Free;

    /// <summary>A lock that holds nothing back.</summary>
    public sealed class Nothing : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
