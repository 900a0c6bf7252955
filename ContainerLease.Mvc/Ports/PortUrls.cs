using System.Globalization;
using ContainerLease.Domain.Leases;
using Microsoft.Extensions.Options;

namespace ContainerLease.Mvc.Ports;

/// <summary>A lease's port URLs as the API and the panel list them: by port, relative unless <see cref="PortsOptions.PublicBaseUrl"/> is set.</summary>
public sealed class PortUrls(LeasePorts ports, PortLinks links, PortHosts hosts, IOptions<PortsOptions> options)
{
    /// <summary>Each port's URL: its lease host when host-based routing is on, else its path on the app.</summary>
    public IReadOnlyDictionary<string, string> Of(Lease lease) =>
        lease.Status == LeaseStatus.Active
            ? ports.PortsOf(lease).ToDictionary(p => p.ToString(CultureInfo.InvariantCulture), p => hosts.Enabled ? hosts.OriginOf(lease.Id, p).ToString() : Absolute(PortProxy.PathOf(lease.Id, p)))
            : new Dictionary<string, string>();

    /// <summary>A share link: through the lease host's way in when host-based routing is on, else the sandboxed path.</summary>
    public string ShareOf(LeaseId leaseId, int port, DateTimeOffset deadline) =>
        hosts.Enabled
            ? new Uri(hosts.OriginOf(leaseId, port), $"{PortProxy.EnterPath}?t={links.Create(leaseId, port, deadline)}").ToString()
            : Absolute(links.PathOf(leaseId, port, deadline));

    /// <summary>A path of this app as a user's browser reaches it.</summary>
    public string Absolute(string path) =>
        options.Value.PublicBaseUrl is { Length: > 0 } baseUrl ? baseUrl.TrimEnd('/') + path : path;
}
