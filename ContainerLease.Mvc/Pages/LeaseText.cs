using System.Globalization;
using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Policy;

namespace ContainerLease.Mvc.Pages;

/// <summary>How pages write times and states: the same words in the first render and every swap.</summary>
public static class LeaseText
{
    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    public static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    /// <summary>The countdown's first text; the browser recomputes it every second from the expiry.</summary>
    public static string Remaining(Lease lease, DateTimeOffset now)
    {
        var left = lease.RemainingAt(now);
        return left <= TimeSpan.Zero ? "expired" : DurationPolicy.Describe(TimeSpan.FromSeconds(Math.Ceiling(left.TotalSeconds))) + " left";
    }

    /// <summary>Memory in use out of the limit, in MB as the usage panel writes it: <c>3.2 / 48.0 MB</c>.</summary>
    public static string Memory(ContainerLease.Domain.Ports.ContainerUsage usage) =>
        string.Create(CultureInfo.InvariantCulture, $"{usage.MemoryBytes / 1048576.0:0.0} / {usage.MemoryLimitBytes / 1048576.0:0.0} MB");

    /// <summary>A pull's bytes in MB as the pages write them: <c>12.3 MB</c>.</summary>
    public static string Bytes(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:0.0} MB");

    /// <summary>"idle for 3 min", or "active now" within the first minute since the last activity.</summary>
    public static string Idle(Lease lease, DateTimeOffset now) =>
        lease.IdleAt(now) is { TotalMinutes: >= 1 } idle ? $"idle for {(int)idle.TotalMinutes} min" : "active now";

    /// <summary>"; ends idle after 30 minutes without activity" for an entry with an idle limit; empty without one.</summary>
    public static string IdleLimit(TimeSpan? limit) =>
        limit is { } idle ? $"; ends idle after {DurationPolicy.Describe(idle)} without activity" : string.Empty;

    public static string ShortId(string id) => id.Length > 12 ? id[..12] : id;
}
