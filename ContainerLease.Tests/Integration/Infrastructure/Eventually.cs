namespace ContainerLease.Tests.Integration.Infrastructure;

public static class Eventually
{
    /// <summary>Polls until the condition holds; fails the test with <paramref name="what"/> if it never does.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"Timed out after {timeout} waiting until {what}.");
    }

    /// <summary>Asks until the answer is the one wanted and returns it; fails the test with <paramref name="what"/> and the last answer if it never is.</summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T>> get, Func<T, bool> wanted, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await get();
            if (wanted(value))
            {
                return value;
            }

            if (DateTime.UtcNow >= deadline)
            {
                Assert.Fail($"Timed out after {timeout} waiting until {what}; the last answer was {value}.");
            }

            (value as IDisposable)?.Dispose();
            await Task.Delay(100);
        }
    }
}
