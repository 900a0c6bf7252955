using System.Globalization;

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

    public static IReadOnlyDictionary<string, string> For(Lease lease, string installationId) =>
        new Dictionary<string, string>
        {
            [Managed] = "true",
            [LeaseId] = lease.Id.Value,
            [ExpiresAt] = lease.ExpiresAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            [Owner] = lease.Owner,
            [ImageType] = lease.ImageType,
            [Installation] = installationId,
        };
}
