using System.Globalization;
using ContainerLease.Domain.Leases;
using Microsoft.Extensions.Options;

namespace ContainerLease.Mvc.Ports;

/// <summary>A lease's port URLs as the API and the panel list them: by port, relative unless <see cref="PortsOptions.PublicBaseUrl"/> is set.</summary>
public sealed class PortUrls(LeasePorts ports, IOptions<PortsOptions> options)
{
    public IReadOnlyDictionary<string, string> Of(Lease lease) =>
        lease.Status == LeaseStatus.Active
            ? ports.PortsOf(lease).ToDictionary(p => p.ToString(CultureInfo.InvariantCulture), p => Absolute(PortProxy.PathOf(lease.Id, p)))
            : new Dictionary<string, string>();

    /// <summary>A path of this app as a user's browser reaches it.</summary>
    public string Absolute(string path) =>
        options.Value.PublicBaseUrl is { Length: > 0 } baseUrl ? baseUrl.TrimEnd('/') + path : path;
}
