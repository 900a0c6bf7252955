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
}
