using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using ContainerLease.Mvc.Health;
using ContainerLease.Tests.Integration.Infrastructure;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ContainerLease.Tests.Integration;

/// <summary>
/// Bridged leases are kept off link-local addresses (a cloud VM's metadata) and, unless their
/// entry's egress is lan, off private ranges by DOCKER-USER rules that the test command's set-up
/// installed, DNS excepted; the link-local drop is checked by reading the rules, never by sending
/// a packet to 169.254.169.254 (<see cref="LanEgressTests"/> sends real packets to a private
/// address the test owns). The app reports the rules on /healthz/ready.
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

        var lan = rules.IndexOf(EgressRulesHealthCheck.LanReturn);
        Assert.True(lan > drop, "the lan bridges leave the chain after the link-local drop:\n" + string.Join('\n', rules));
        Assert.All(EgressRulesHealthCheck.PrivateDrops, d => Assert.True(rules.IndexOf(d) > lan, $"{d} after the lan bridges left"));
    }

    [Fact]
    public async Task Ready_SaysTheRuleIsInPlace_WhenTheCatalogHasABridgedEntry()
    {
        var settings = TestSettings.For(TestSettings.NewInstallationId(), redis: null);
        settings["Catalog:Images:bridged:Image"] = TestSettings.Image;
        settings["Catalog:Images:bridged:Network"] = "bridge";
        await using var app = new LeaseApp(settings);
        using var client = app.CreateClient();

        // Only the egress entry matters here: an app that has just started may answer 503 while its
        // job server comes up (seen on a fresh machine), and the body lists every check either way.
        using var response = await client.GetAsync("/healthz/ready");
        var ready = await response.Content.ReadFromJsonAsync<JsonElement>();

        var egress = ready.GetProperty("checks").GetProperty("egress");
        Assert.Equal("Healthy", egress.GetProperty("status").GetString());
        Assert.Contains("kept off link-local addresses", egress.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutTheRule_TheCheckIsDegradedAndSaysWhatToDo()
    {
        var result = EgressRulesHealthCheck.Judge("-N DOCKER-USER\n-A DOCKER-USER -j RETURN\n");

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Contains("link-local", result.Description, StringComparison.Ordinal);
        Assert.Contains("run scripts/setup.sh", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheHostRefusesBridgedLeases_AndTheCheckSaysSoWhenItDoesNot()
    {
        var input = await IptablesAsync("-S", "INPUT");

        Assert.Null(EgressRulesHealthCheck.JudgeInput(input));
        var missing = EgressRulesHealthCheck.JudgeInput("-P INPUT ACCEPT\n-A INPUT -i lo -j ACCEPT\n");
        Assert.Equal(HealthStatus.Degraded, missing?.Status);
        Assert.Contains("host's own services", missing?.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void WithTheLinkLocalDropAlone_TheCheckIsDegradedForThePrivateRanges()
    {
        var result = EgressRulesHealthCheck.Judge($"-N DOCKER-USER\n{EgressRulesHealthCheck.LinkLocalDrop}\n-A DOCKER-USER -j RETURN\n");

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Contains("private ranges", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void WithThePrivateDropsBeforeTheLanBridgesLeave_TheCheckIsDegraded()
    {
        string[] rules = ["-N DOCKER-USER", EgressRulesHealthCheck.LinkLocalDrop, .. EgressRulesHealthCheck.PrivateDrops, EgressRulesHealthCheck.LanReturn];

        Assert.Equal(HealthStatus.Degraded, EgressRulesHealthCheck.Judge(string.Join('\n', rules)).Status);
        Assert.Equal(HealthStatus.Healthy, EgressRulesHealthCheck.Judge(string.Join('\n', rules.Take(2).Append(EgressRulesHealthCheck.LanReturn).Concat(EgressRulesHealthCheck.PrivateDrops))).Status);
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
