using System.Globalization;
using ContainerLease.Domain.Ports;

namespace ContainerLease.Domain.Leases;

/// <summary>
/// The labels every managed container carries. They are the record of the lease that
/// survives the loss of Redis: the sweep can find, adopt or reap a container from them alone.
/// </summary>
public static class LeaseLabels
{
    public const string Managed = "containerlease.managed";
    public const string LeaseId = "containerlease.lease-id";
    public const string ExpiresAt = "containerlease.expires-at";
    public const string Owner = "containerlease.owner";
    public const string ImageType = "containerlease.image-type";
    public const string Installation = "containerlease.installation";

    /// <summary>On a warm pool member: its catalog entry. It stays after a claim (labels cannot change); the name then says whose it is.</summary>
    public const string Pool = "containerlease.pool";

    /// <summary>A warm pool member's labels: managed, of this installation and entry, and of no lease yet.</summary>
    public static IReadOnlyDictionary<string, string> ForPoolMember(string imageType, string installationId) =>
        new Dictionary<string, string>
        {
            [Managed] = "true",
            [ImageType] = imageType,
            [Installation] = installationId,
            [Pool] = imageType,
        };

    public static IReadOnlyDictionary<string, string> For(Lease lease, string installationId) =>
        new Dictionary<string, string>
        {
            [Managed] = "true",
            [LeaseId] = lease.Id.Value,
            [ExpiresAt] = Expiry(lease.ExpiresAt),
            [Owner] = lease.Owner,
            [ImageType] = lease.ImageType,
            [Installation] = installationId,
        };

    /// <summary>The <see cref="ExpiresAt"/> label's value: UTC to the millisecond.</summary>
    public static string Expiry(DateTimeOffset expiresAt) =>
        expiresAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    /// <summary>
    /// Rebuilds a lease from a container alone, as after Redis lost its data: its labels, with the
    /// expiry and owner of its name where the name carries them (they follow extensions; labels
    /// cannot). Null when a label is missing or malformed.
    /// </summary>
    public static Lease? ToLease(ManagedContainer container, DateTimeOffset at)
    {
        var labels = container.Labels;
        var named = LeaseName.TryRead(container.Name, out var namedId, out var namedExpiry, out var namedOwner);
        if (PoolMembership.IsMember(container))
        {
            // A pool member: its labels were made before any lease, so only the name a claim gave it holds one.
            return named ? Rebuilt(container, namedId, namedExpiry, namedOwner, at, "rebuilt from the claimed pool container's name") : null;
        }

        if (!labels.TryGetValue(LeaseId, out var id) || !Leases.LeaseId.TryParse(id, out var leaseId)
            || !labels.TryGetValue(ExpiresAt, out var expires)
            || !DateTimeOffset.TryParse(expires, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var expiresAt))
        {
            return null;
        }

        var owner = labels.GetValueOrDefault(Owner) ?? "unknown";
        named = named && namedId == leaseId;
        return new Lease
        {
            Id = leaseId,
            ContainerId = container.Id,
            ImageType = labels.GetValueOrDefault(ImageType) ?? "unknown",
            Owner = named ? namedOwner : owner,
            CreatedAt = container.CreatedAt,
            ExpiresAt = named ? namedExpiry : expiresAt,
            History = [new LeaseEvent(at, LeaseEvent.Adopted, named ? "rebuilt from the container's labels and name" : "rebuilt from the container's labels")],
        };
    }

    private static Lease Rebuilt(ManagedContainer container, Leases.LeaseId id, DateTimeOffset expiresAt, string owner, DateTimeOffset at, string how) => new()
    {
        Id = id,
        ContainerId = container.Id,
        ImageType = container.Labels.GetValueOrDefault(ImageType) ?? "unknown",
        Owner = owner,
        CreatedAt = container.CreatedAt,
        ExpiresAt = expiresAt,
        FromPool = true,
        History = [new LeaseEvent(at, LeaseEvent.Adopted, how)],
    };
}
