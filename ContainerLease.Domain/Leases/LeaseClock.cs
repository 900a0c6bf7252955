namespace ContainerLease.Domain.Leases;

internal static class LeaseClock
{
    /// <summary>Now, in whole milliseconds: what the labels and the store keep; finer precision would not round-trip.</summary>
    public static DateTimeOffset Now(TimeProvider time) => Truncate(time.GetUtcNow());

    public static DateTimeOffset Truncate(DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
}
