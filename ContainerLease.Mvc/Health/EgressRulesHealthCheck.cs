using System.Diagnostics;
using ContainerLease.Domain.Catalog;
using ContainerLease.Mvc.Docker;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ContainerLease.Mvc.Health;

/// <summary>
/// Whether the host keeps bridged leases off link-local addresses (a cloud VM's metadata and
/// credentials) and, unless their entry's egress is <c>lan</c>, off private ranges: the
/// <c>DOCKER-USER</c> rules that <c>scripts/setup.sh</c> adds and the README shows. Missing, out
/// of order, or not readable from here (an app in a container without NET_ADMIN), the check is
/// Degraded and says so: the app still serves, and the operator is told.
/// </summary>
internal sealed class EgressRulesHealthCheck(ImageCatalog catalog) : IHealthCheck
{
    /// <summary>The start of the <c>INPUT</c> rule (its <c>--reject-with</c> depends on the iptables version).</summary>
    public const string HostReject = "-A INPUT -i cl-+ -j REJECT";

    public const string LinkLocalDrop = "-A DOCKER-USER -d 169.254.0.0/16 -i cl-+ -j DROP";

    /// <summary>Where the bridges of <c>Egress=lan</c> entries leave the chain: after the link-local drop, before the private ones.</summary>
    public const string LanReturn = "-A DOCKER-USER -i cl-l+ -j RETURN";

    public static readonly IReadOnlyList<string> PrivateDrops =
    [
        "-A DOCKER-USER -d 10.0.0.0/8 -i cl-+ -j DROP",
        "-A DOCKER-USER -d 172.16.0.0/12 -i cl-+ -j DROP",
        "-A DOCKER-USER -d 192.168.0.0/16 -i cl-+ -j DROP",
        "-A DOCKER-USER -d 100.64.0.0/10 -i cl-+ -j DROP",
    ];

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!catalog.Images.Values.Any(i => i.Network == LeaseNetwork.Bridge))
        {
            return HealthCheckResult.Healthy("No catalog entry is bridged; no lease has a network.");
        }

        string input, forwarded;
        try
        {
            input = await ReadRulesAsync("INPUT", cancellationToken);
            forwarded = await ReadRulesAsync("DOCKER-USER", cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or IOException)
        {
            return HealthCheckResult.Degraded($"Cannot check the firewall rules that keep bridged leases off the host and private addresses: {ex.Message}");
        }

        return JudgeInput(input) ?? Judge(forwarded);
    }

    /// <summary>Degraded when the <c>INPUT</c> chain lets bridged leases reach the host's own services; null when it does not.</summary>
    public static HealthCheckResult? JudgeInput(string rules) =>
        rules.Split('\n').Any(line => line.Trim().StartsWith(HostReject, StringComparison.Ordinal))
            ? null
            : HealthCheckResult.Degraded(
                "Bridged leases can reach the host's own services (Redis, the app): the INPUT rule is missing; run scripts/setup.sh or add it as the README shows.");

    /// <summary>What the rules of the <c>DOCKER-USER</c> chain (as <c>iptables -S</c> prints them) mean for bridged leases.</summary>
    public static HealthCheckResult Judge(string rules)
    {
        var lines = rules.Split('\n').Select(line => line.Trim()).ToList();
        var linkLocal = lines.IndexOf(LinkLocalDrop);
        if (linkLocal < 0)
        {
            return HealthCheckResult.Degraded(
                "Bridged leases can reach link-local addresses (cloud metadata): the DOCKER-USER rule is missing; run scripts/setup.sh or add the rules as the README shows.");
        }

        // Each private drop must come after the lan bridges have left the chain, or Egress=lan would mean nothing.
        var lan = lines.IndexOf(LanReturn);
        return lan > linkLocal && PrivateDrops.All(drop => lines.IndexOf(drop) > lan)
            ? HealthCheckResult.Healthy("Bridged leases are kept off link-local addresses, and off private ranges unless their entry's Egress is lan.")
            : HealthCheckResult.Degraded(
                "Bridged leases are kept off link-local addresses but can reach private ranges (the LAN): the DOCKER-USER rules for Egress are missing or out of order; run scripts/setup.sh or add the rules as the README shows.");
    }

    private static async Task<string> ReadRulesAsync(string chain, CancellationToken ct)
    {
        using var iptables = Process.Start(new ProcessStartInfo("iptables", ["-S", chain])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("iptables did not start.");
        var output = iptables.StandardOutput.ReadToEndAsync(ct);
        var error = iptables.StandardError.ReadToEndAsync(ct);
        await iptables.WaitForExitAsync(ct);
        return iptables.ExitCode == 0
            ? await output
            : throw new InvalidOperationException($"iptables -S {chain} failed: {(await error).Trim()}");
    }
}
