using System.Globalization;

namespace ContainerLease.Domain.Leases;

/// <summary>
/// The container's name carries what may change during a lease: its expiry and its owner.
/// Labels are fixed when a container is made, but the engine renames a running container, so
/// an extension renames it and the record that survives a Redis loss stays true:
/// <c>containerlease-&lt;lease id&gt;-&lt;expiry, Unix ms&gt;-&lt;owner&gt;</c>.
/// </summary>
public static class LeaseName
{
    private const string Prefix = "containerlease-";

    private const string PoolPrefix = Prefix + "pool-";

    /// <summary>A warm pool member's name until a lease claims it: <c>containerlease-pool-&lt;entry&gt;-&lt;random&gt;</c>.</summary>
    public static string PoolMember(string imageType) => $"{PoolPrefix}{imageType}-{Guid.NewGuid().ToString("N")[..12]}";

    /// <summary>Whether the name is a pool member's that no lease has claimed yet.</summary>
    public static bool IsPoolMember(string? name) => name?.TrimStart('/').StartsWith(PoolPrefix, StringComparison.Ordinal) == true;

    public static string For(Lease lease) => For(lease.Id, lease.ExpiresAt, lease.Owner);

    public static string For(LeaseId id, DateTimeOffset expiresAt, string owner) =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix}{id}-{expiresAt.ToUnixTimeMilliseconds()}-{owner}");

    /// <summary>The lease id, expiry and owner a name carries; false for a name of another form (an older container's, <c>containerlease-&lt;id&gt;</c>).</summary>
    public static bool TryRead(string? name, out LeaseId leaseId, out DateTimeOffset expiresAt, out string owner)
    {
        leaseId = default;
        expiresAt = default;
        owner = string.Empty;
        var text = name?.TrimStart('/') ?? string.Empty;
        if (!text.StartsWith(Prefix, StringComparison.Ordinal) || text.Length < Prefix.Length + 32 + 4
            || !LeaseId.TryParse(text.Substring(Prefix.Length, 32), out leaseId) || text[Prefix.Length + 32] != '-')
        {
            return false;
        }

        var rest = text[(Prefix.Length + 33)..];
        var dash = rest.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0 || dash == rest.Length - 1 || !long.TryParse(rest[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            || ms > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            return false;
        }

        expiresAt = DateTimeOffset.FromUnixTimeMilliseconds(ms);
        owner = rest[(dash + 1)..];
        return true;
    }
}
