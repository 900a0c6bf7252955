using System.Diagnostics;
using ContainerLease.Domain.Catalog;
using ContainerLease.Mvc.Docker;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ContainerLease.Mvc.Health;

/// <summary>
/// Whether the host keeps bridged leases off link-local addresses (a cloud VM's metadata and
/// credentials): the <c>DOCKER-USER</c> rule that <c>scripts/setup.sh</c> adds and the README
/// shows. Missing, or not readable from here (an app in a container without NET_ADMIN), the
/// check is Degraded and says so: the app still serves, and the operator is told.
/// </summary>
internal sealed class EgressRulesHealthCheck(ImageCatalog catalog) : IHealthCheck
{
    public const string LinkLocalDrop = "-A DOCKER-USER -d 169.254.0.0/16 -i cl-+ -j DROP";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!catalog.Images.Values.Any(i => i.Network == LeaseNetwork.Bridge))
        {
            return HealthCheckResult.Healthy("No catalog entry is bridged; no lease has a network.");
        }

        string rules;
        try
        {
            rules = await ReadRulesAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or IOException)
        {
            return HealthCheckResult.Degraded($"Cannot check that bridged leases are kept off link-local addresses: {ex.Message}");
        }

        return Judge(rules);
    }

    /// <summary>What the rules of the <c>DOCKER-USER</c> chain (as <c>iptables -S</c> prints them) mean for bridged leases.</summary>
    public static HealthCheckResult Judge(string rules) =>
        rules.Split('\n').Any(line => line.Trim() == LinkLocalDrop)
            ? HealthCheckResult.Healthy("Bridged leases are kept off link-local addresses.")
            : HealthCheckResult.Degraded(
                "Bridged leases can reach link-local addresses (cloud metadata): the DOCKER-USER rule is missing; run scripts/setup.sh or add it as the README shows.");

    private static async Task<string> ReadRulesAsync(CancellationToken ct)
    {
        using var iptables = Process.Start(new ProcessStartInfo("iptables", ["-S", "DOCKER-USER"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("iptables did not start.");
        var output = iptables.StandardOutput.ReadToEndAsync(ct);
        var error = iptables.StandardError.ReadToEndAsync(ct);
        await iptables.WaitForExitAsync(ct);
        return iptables.ExitCode == 0
            ? await output
            : throw new InvalidOperationException($"iptables -S DOCKER-USER failed: {(await error).Trim()}");
    }
}
