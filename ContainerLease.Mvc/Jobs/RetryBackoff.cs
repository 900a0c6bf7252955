namespace ContainerLease.Mvc.Jobs;

/// <summary>Exponential backoff with jitter, so that many leases failing at once do not retry in lockstep.</summary>
internal static class RetryBackoff
{
    public static int DelaySeconds(long attempt, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        var exponential = baseDelay.TotalSeconds * Math.Pow(2, Math.Clamp(attempt - 1, 0, 30));
        var capped = Math.Min(exponential, maxDelay.TotalSeconds);
        var jittered = capped * (0.75 + (Random.Shared.NextDouble() * 0.5));
        return (int)Math.Max(1, Math.Round(jittered));
    }
}
