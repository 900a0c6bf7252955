namespace ContainerLease.Mvc.Live;

/// <summary>How many of something each user holds open in this instance, with a ceiling per user.</summary>
public sealed class PerUserCount
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _held = new(StringComparer.Ordinal);

    /// <summary>Takes one for <paramref name="user"/>, or null when they already hold <paramref name="max"/>.</summary>
    public IDisposable? TryTake(string user, int max)
    {
        lock (_gate)
        {
            var held = _held.GetValueOrDefault(user);
            if (held >= max)
            {
                return null;
            }

            _held[user] = held + 1;
        }

        return new Held(this, user);
    }

    public int HeldBy(string user)
    {
        lock (_gate)
        {
            return _held.GetValueOrDefault(user);
        }
    }

    private void Give(string user)
    {
        lock (_gate)
        {
            if (--_held[user] == 0)
            {
                _held.Remove(user);
            }
        }
    }

    private sealed class Held(PerUserCount owner, string user) : IDisposable
    {
        private int _given;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _given, 1) == 0)
            {
                owner.Give(user);
            }
        }
    }
}
