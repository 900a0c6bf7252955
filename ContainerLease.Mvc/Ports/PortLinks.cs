using System.Globalization;
using ContainerLease.Domain.Leases;
using Microsoft.AspNetCore.DataProtection;

namespace ContainerLease.Mvc.Ports;

/// <summary>
/// Signed links to one port of one lease: <c>/ports/&lt;token&gt;/</c>. The token names the
/// lease, the port, an optional deadline and when it was made, signed with the installation's
/// shared keys, so every instance reads it and nobody can make one. It stops working when the
/// lease ends (the proxy checks the lease on every request), at its deadline, or when the lease's
/// links are revoked after it was made, whichever comes first.
/// </summary>
/// <remarks>
/// Why a link even for the owner: what a container serves must not run as the app's own origin,
/// or its scripts could act with the owner's (or an admin's) session. The proxy serves it in a
/// sandbox (an opaque origin, see SecurityHeaders), where the browser sends no session cookie, so
/// the credential has to be in the path.
/// </remarks>
public sealed class PortLinks(IDataProtectionProvider protection, TimeProvider time)
{
    public const string PathPrefix = "/ports";

    private readonly IDataProtector _protector = protection.CreateProtector("ContainerLease.Ports.Links.v1");

    public string Create(LeaseId leaseId, int port, DateTimeOffset? deadline) =>
        _protector.Protect(string.Join(' ', leaseId.Value, port.ToString(CultureInfo.InvariantCulture),
            deadline?.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) ?? "-",
            time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)));

    /// <summary>The path of a link, ending in a slash so the served page's relative links stay under it.</summary>
    public string PathOf(LeaseId leaseId, int port, DateTimeOffset? deadline) => $"{PathPrefix}/{Create(leaseId, port, deadline)}/";

    /// <summary>The lease and port a token grants, and when it was made; false when it is forged, damaged or past its deadline.</summary>
    public bool TryRead(string token, out string leaseId, out int port, out DateTimeOffset madeAt)
    {
        leaseId = string.Empty;
        port = 0;
        madeAt = default;
        string[] parts;
        try
        {
            parts = _protector.Unprotect(token).Split(' ');
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return false;
        }

        // Links made before tokens said when they were made count as made at the epoch: any revocation stops them.
        var made = 0L;
        if (parts.Length is not (3 or 4) || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out port)
            || (parts.Length == 4 && !long.TryParse(parts[3], CultureInfo.InvariantCulture, out made)))
        {
            return false;
        }

        if (parts[2] != "-" && (!long.TryParse(parts[2], CultureInfo.InvariantCulture, out var deadline) || time.GetUtcNow().ToUnixTimeSeconds() >= deadline))
        {
            return false;
        }

        leaseId = parts[0];
        madeAt = DateTimeOffset.FromUnixTimeMilliseconds(made);
        return true;
    }
}
