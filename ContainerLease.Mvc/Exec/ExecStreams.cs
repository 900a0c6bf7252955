using ContainerLease.Mvc.Live;

namespace ContainerLease.Mvc.Exec;

/// <summary>The commands each user is streaming on the exec hub of this instance.</summary>
public sealed class ExecStreams
{
    private readonly PerUserCount _byUser = new();

    /// <summary>Counts one for <paramref name="user"/>, or null when they already have <paramref name="max"/> running.</summary>
    public IDisposable? TryTake(string user, int max) => _byUser.TryTake(user, max);
}
