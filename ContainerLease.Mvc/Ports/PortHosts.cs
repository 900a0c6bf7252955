using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;
using ContainerLease.Domain.Leases;
using Microsoft.Extensions.Options;

namespace ContainerLease.Mvc.Ports;

/// <summary>
/// Host-based routing (<see cref="PortsOptions.HostPattern"/>): which lease and port a request's
/// host names, and the address of a lease's port. Off when no pattern is set.
/// </summary>
public sealed partial class PortHosts
{
    private readonly Regex? _match;
    private readonly string? _pattern;
    private readonly Uri? _publicBase;

    public PortHosts(IOptions<PortsOptions> options)
    {
        var settings = options.Value;
        if (string.IsNullOrEmpty(settings.HostPattern) || string.IsNullOrEmpty(settings.PublicBaseUrl))
        {
            return;
        }

        _pattern = settings.HostPattern.ToLowerInvariant();
        _publicBase = new Uri(settings.PublicBaseUrl);
        _match = new Regex(
            "^" + Regex.Escape(_pattern).Replace("\\{port}", "(?<port>[0-9]{1,5})", StringComparison.Ordinal).Replace("\\{lease}", "(?<lease>[0-9a-f]{32})", StringComparison.Ordinal) + "$",
            RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, TimeSpan.FromMilliseconds(100));
    }

    public bool Enabled => _match is not null;

    public static bool IsValidPattern(string pattern)
    {
        var labels = pattern.Split('.');
        return labels.Length >= 2 && HostLabel().IsMatch(string.Join('.', labels[1..]))
            && FirstLabel().IsMatch(labels[0])
            && Count(labels[0], "{port}") == 1 && Count(labels[0], "{lease}") == 1;
    }

    /// <summary>The lease and port a request's host names; false for the app's own host and any other.</summary>
    public bool TryMatch(HostString host, [NotNullWhen(true)] out string? leaseId, out int port)
    {
        leaseId = null;
        port = 0;
        if (_match is null || !host.HasValue || _match.Match(host.Host) is not { Success: true } found
            || !int.TryParse(found.Groups["port"].Value, CultureInfo.InvariantCulture, out port))
        {
            return false;
        }

        leaseId = found.Groups["lease"].Value.ToLowerInvariant();
        return true;
    }

    /// <summary>The origin of one port of one lease, with the scheme and port of the public address.</summary>
    public Uri OriginOf(LeaseId leaseId, int port)
    {
        var host = _pattern!.Replace("{port}", port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal).Replace("{lease}", leaseId.Value, StringComparison.Ordinal);
        return new UriBuilder(_publicBase!.Scheme, host, _publicBase.IsDefaultPort ? -1 : _publicBase.Port, "/").Uri;
    }

    /// <summary>Where a browser that reached a lease host without its pass is sent: the lease's URL on the app, which signs it in.</summary>
    public Uri SignInOf(string leaseId, int port, string pathAndQuery) =>
        new(_publicBase!, $"/leases/{leaseId}/ports/{port.ToString(CultureInfo.InvariantCulture)}{pathAndQuery}");

    private static int Count(string text, string part) => (text.Length - text.Replace(part, string.Empty, StringComparison.Ordinal).Length) / part.Length;

    [GeneratedRegex("^[a-z0-9-]*(\\{port\\}|\\{lease\\})[a-z0-9-]*(\\{port\\}|\\{lease\\})[a-z0-9-]*$")]
    private static partial Regex FirstLabel();

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$")]
    private static partial Regex HostLabel();
}
