using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using ContainerLease.Mvc.Health;
using ContainerLease.Tests.Integration.Infrastructure;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ContainerLease.Tests.Integration;

/// <summary>
/// Bridged leases are kept off link-local addresses (a cloud VM's metadata) by a DOCKER-USER rule
/// that the test command's set-up installed, DNS excepted; checked by reading the rules, never by
/// sending a packet to 169.254.169.254. The app reports the rule on /healthz/ready.
/// </summary>
public sealed class EgressRulesTests
{
    [Fact]
    public async Task TheHostDropsLinkLocalFromBridgedLeases_AfterLettingDnsThrough()
    {
        var rules = (await IptablesAsync("-S", "DOCKER-USER")).Split('\n').Select(l => l.Trim()).ToList();

        var drop = rules.IndexOf(EgressRulesHealthCheck.LinkLocalDrop);
        Assert.True(drop >= 0, "no link-local drop in DOCKER-USER:\n" + string.Join('\n', rules));
        Assert.InRange(rules.IndexOf("-A DOCKER-USER -i cl-+ -p udp -m udp --dport 53 -j RETURN"), 0, drop - 1);
        Assert.InRange(rules.IndexOf("-A DOCKER-USER -i cl-+ -p tcp -m tcp --dport 53 -j RETURN"), 0, drop - 1);
    }

    [Fact]
    public async Task Ready_SaysTheRuleIsInPlace_WhenTheCatalogHasABridgedEntry()
    {
        var settings = TestSettings.For(TestSettings.NewInstallationId(), redis: null);
        settings["Catalog:Images:bridged:Image"] = TestSettings.Image;
        settings["Catalog:Images:bridged:Network"] = "bridge";
        await using var app = new LeaseApp(settings);
        using var client = app.CreateClient();

        var ready = await client.GetFromJsonAsync<JsonElement>("/healthz/ready");

        var egress = ready.GetProperty("checks").GetProperty("egress");
        Assert.Equal("Healthy", egress.GetProperty("status").GetString());
        Assert.Contains("kept off link-local addresses", egress.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutTheRule_TheCheckIsDegradedAndSaysWhatToDo()
    {
        var result = EgressRulesHealthCheck.Judge("-N DOCKER-USER\n-A DOCKER-USER -j RETURN\n");

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Contains("run scripts/setup.sh", result.Description, StringComparison.Ordinal);
    }

    private static async Task<string> IptablesAsync(params string[] arguments)
    {
        using var iptables = Process.Start(new ProcessStartInfo("iptables", arguments) { RedirectStandardOutput = true })!;
        var output = await iptables.StandardOutput.ReadToEndAsync();
        await iptables.WaitForExitAsync();
        Assert.Equal(0, iptables.ExitCode);
        return output;
    }
}
