using System.Net;
using System.Net.Http.Json;
using ContainerLease.Mvc.Live;
using ContainerLease.Tests.Integration.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace ContainerLease.Tests.Swarm;

/// <summary>Leases on a real three-node Swarm (<see cref="SwarmCluster"/>), the app in swarm mode through configuration alone.</summary>
[Collection(SharedSwarm.Name)]
public sealed class SwarmLeaseTests(SwarmCluster cluster)
{
    private static readonly string[] True = ["true"];

    private static readonly string[] EchoHi = ["echo", "hi"];

    /// <summary>Generous: three engines and the app share two loaded cores.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Provision_TenLeases_AreSpreadOverEveryNode_EachOneServiceOfOneTask()
    {
        await using var app = await SwarmApp.StartAsync(cluster);

        var leases = new List<LeaseResponse>();
        for (var i = 0; i < 10; i++)
        {
            leases.Add(await app.ProvisionAsync(300));
        }

        var ids = leases.Select(l => l.ContainerId).ToList();
        var placement = await Eventually.ValueAsync(() => cluster.PlacementAsync(ids), p => p.Count == 10, Patience, "every lease's task runs");
        Assert.Equal(cluster.Nodes.Order(), placement.Values.Distinct().Order());
        var services = await cluster.ServicesAsync(app.Installation);
        Assert.Equal(ids.Order(), services.Select(s => s.ID).Order());
        Assert.All(services, s => Assert.Equal(1UL, s.Spec.Mode.Replicated.Replicas));
        Assert.All(services, s => Assert.Equal("none", s.Spec.TaskTemplate.RestartPolicy.Condition));
        Assert.All(services, s => Assert.Equal(48L * 1024 * 1024, s.Spec.TaskTemplate.Resources.Reservations.MemoryBytes));
        var lease = await app.GetAsync(leases[0].LeaseId);
        Assert.Equal(("active", "running"), (lease.Status, lease.ContainerState));
    }

    [Fact]
    public async Task Extend_UpdatesTheServiceLabel_SoAfterARedisFlushTheSweepAdoptsItAtItsExtendedExpiry()
    {
        await using var app = await SwarmApp.StartAsync(cluster);
        var lease = await app.ProvisionAsync(8);
        var task = Assert.Single(await Eventually.ValueAsync(() => cluster.TasksOfAsync([lease.ContainerId]), t => t.Count == 1, Patience, "the lease's task exists"));

        using var extending = await app.Client.PostAsJsonAsync($"/api/leases/{lease.LeaseId}/extend", new { durationSeconds = 120 });
        var extended = (await extending.Content.ReadFromJsonAsync<LeaseResponse>())!;
        Assert.Equal(lease.ExpiresAt.AddSeconds(120), extended.ExpiresAt);
        var labels = (await cluster.Client.Swarm.InspectServiceAsync(lease.ContainerId)).Spec.Labels;
        Assert.Equal(extended.ExpiresAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture), labels["containerlease.expires-at"]);
        Assert.Equal([task.ID], (await cluster.TasksOfAsync([lease.ContainerId])).Select(t => t.ID)); // the label update restarted nothing

        await app.FlushRedisAsync();

        var adopted = await Eventually.ValueAsync(
            async () => (await app.Client.GetAsync($"/api/leases/{lease.LeaseId}")).StatusCode == HttpStatusCode.OK ? await app.GetAsync(lease.LeaseId) : null,
            l => l is not null,
            Patience,
            "the sweep adopts the lease from its service's labels");
        Assert.Equal(("active", extended.ExpiresAt), (adopted!.Status, adopted.ExpiresAt));
        Assert.Contains(adopted.History!, e => e.Kind == "adopted");

        // Past its first expiry by now (8 s), and still there: the adopted expiry is the extended one.
        await Eventually.TrueAsync(() => Task.FromResult(DateTimeOffset.UtcNow > lease.ExpiresAt.AddSeconds(6)), Patience, "the first expiry and three sweeps have passed");
        Assert.Single(await cluster.ServicesAsync(app.Installation));
        Assert.Equal("active", (await app.GetAsync(lease.LeaseId)).Status);
    }

    [Fact]
    public async Task Logs_ComeFromTheServicesLogs_EveryLineInOrder_WithStderrSetApart()
    {
        await using var app = await SwarmApp.StartAsync(cluster);
        var lease = await app.ProvisionAsync(120, "counter");
        await using var hub = app.App.Hub(LogsHub.Path);
        await hub.StartAsync();

        using var leave = new CancellationTokenSource(Patience);
        var items = new List<LogItem>();
        try
        {
            // From just before its creation, as the page's viewer asks (without, the hub gives the last 200 lines).
            var since = lease.CreatedAt.AddSeconds(-1).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffff00Z", System.Globalization.CultureInfo.InvariantCulture);
            await foreach (var item in hub.StreamAsync<LogItem>("StreamLogs", lease.LeaseId, since, 0, leave.Token))
            {
                items.Add(item);
                if (items.Exists(i => i.Message == "line 300") && items.Exists(i => i.Message == "warn 300"))
                {
                    await leave.CancelAsync();
                }
            }
        }
        catch (OperationCanceledException) when (items.Exists(i => i.Message == "line 300"))
        {
            // We left on purpose.
        }

        Assert.Equal(Enumerable.Range(1, 300).Select(i => $"line {i}"), items.Where(i => i.Stream == "stdout").Select(i => i.Message));
        Assert.Equal(Enumerable.Range(1, 6).Select(i => $"warn {i * 50}"), items.Where(i => i.Stream == "stderr").Select(i => i.Message));
    }

    [Fact]
    public async Task Expiry_RemovesEveryServiceAndTask()
    {
        await using var app = await SwarmApp.StartAsync(cluster);
        var leases = new[] { await app.ProvisionAsync(4), await app.ProvisionAsync(5), await app.ProvisionAsync(6) };
        var ids = leases.Select(l => l.ContainerId).ToList();

        await Eventually.TrueAsync(async () => (await cluster.ServicesAsync(app.Installation)).Count == 0, Patience, "every lease's service is removed");
        await Eventually.TrueAsync(async () => (await cluster.TasksOfAsync(ids)).Count == 0, Patience, "every lease's task is gone from the manager");

        foreach (var lease in leases)
        {
            var ended = await Ended.ReadAsync(() => app.GetAsync(lease.LeaseId));
            Assert.Equal(("ended", "expired"), (ended.Status == "expired" ? "ended" : ended.Status, ended.EndReason));
        }
    }

    [Fact]
    public async Task Drain_EndsTheLeasesThereAsGoneNamingTheNode_AndNoNewLeaseLandsThere()
    {
        await using var app = await SwarmApp.StartAsync(cluster);
        var first = await app.ProvisionAsync(300);
        var node = (await Eventually.ValueAsync(() => cluster.PlacementAsync([first.ContainerId]), p => p.Count == 1, Patience, "the first lease runs"))[first.ContainerId];

        await cluster.SetAvailabilityAsync(node, "drain");
        try
        {
            var gone = await Eventually.ValueAsync(() => app.GetAsync(first.LeaseId), l => l.Status == "gone", Patience, $"the lease on drained {node} ends gone");
            Assert.Contains(node, gone.History![^1].Detail);

            var later = new List<LeaseResponse>();
            for (var i = 0; i < 6; i++)
            {
                later.Add(await app.ProvisionAsync(300));
            }

            var placement = await Eventually.ValueAsync(() => cluster.PlacementAsync(later.Select(l => l.ContainerId)), p => p.Count == 6, Patience, "the later leases run");
            Assert.DoesNotContain(node, placement.Values);
        }
        finally
        {
            await cluster.SetAvailabilityAsync(node, "active");
        }
    }

    [Fact]
    public async Task KilledWorker_ItsLeasesEndGone_WithTheNodeNamedInTheHistory()
    {
        await using var app = await SwarmApp.StartAsync(cluster);
        var worker = cluster.Workers[0];
        var leases = new List<LeaseResponse>();
        for (var i = 0; i < 6; i++)
        {
            leases.Add(await app.ProvisionAsync(300));
        }

        var placement = await Eventually.ValueAsync(() => cluster.PlacementAsync(leases.Select(l => l.ContainerId)), p => p.Count == leases.Count, Patience, "every lease runs");
        var onWorker = leases.Where(l => placement[l.ContainerId] == worker).ToList();
        var elsewhere = leases.Except(onWorker).ToList();
        Assert.NotEmpty(onWorker);

        await SwarmCluster.KillAsync(worker);
        try
        {
            foreach (var lease in onWorker)
            {
                var gone = await Eventually.ValueAsync(() => app.GetAsync(lease.LeaseId), l => l.Status == "gone", TimeSpan.FromMinutes(2), $"the lease on killed {worker} ends gone");
                Assert.Contains(worker, gone.History![^1].Detail);
            }

            foreach (var lease in elsewhere)
            {
                Assert.Equal("active", (await app.GetAsync(lease.LeaseId)).Status);
            }
        }
        finally
        {
            await cluster.RestartAsync(worker);
        }
    }

    [Fact]
    public async Task Provision_Answers503NamingTheMemory_AndLeavesNoService_WhenNoNodeHasRoom()
    {
        await using var app = await SwarmApp.StartAsync(cluster, settings =>
        {
            settings["Catalog:Images:huge:Image"] = TestSettings.Image;
            settings["Catalog:Images:huge:Command:0"] = "sleep";
            settings["Catalog:Images:huge:Command:1"] = "3600";
            settings["Catalog:Images:huge:MemoryMb"] = "512000";
        });

        using var response = await app.Client.PostAsJsonAsync("/api/provision", new { imageType = "huge", durationSeconds = 60 });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Contains("No node has 512000 MB free", problem.GetProperty("detail").GetString());
        Assert.Empty(await cluster.ServicesAsync(app.Installation));
    }

    [Fact]
    public async Task ExecAndStats_Answer501SayingTheyNeedTheNodesEngine_WithoutSwarmNodes()
    {
        await using var app = await SwarmApp.StartAsync(cluster);
        var lease = await app.ProvisionAsync(120, "counter");

        using var exec = await app.Client.PostAsJsonAsync($"/api/leases/{lease.LeaseId}/exec", new { command = True });

        Assert.Equal(HttpStatusCode.NotImplemented, exec.StatusCode);
        Assert.Contains("Swarm:Nodes:<hostname>:Endpoint", await exec.Content.ReadAsStringAsync());
        using var stats = await app.Client.GetAsync($"/api/leases/{lease.LeaseId}/stats");
        Assert.Equal(HttpStatusCode.NotImplemented, stats.StatusCode);
    }

    [Fact]
    public async Task Exec_AndStats_RunOnTheNodesEngine_WhenSwarmNodesNameTheirEndpoints()
    {
        var endpoints = await cluster.NodeEndpointsAsync();
        await using var app = await SwarmApp.StartAsync(cluster, settings =>
        {
            foreach (var (node, endpoint) in endpoints)
            {
                settings[$"Swarm:Nodes:{node}:Endpoint"] = endpoint;
            }
        });
        var lease = await app.ProvisionAsync(120);

        using var exec = await app.Client.PostAsJsonAsync($"/api/leases/{lease.LeaseId}/exec", new { command = EchoHi });
        using var stats = await app.Client.GetAsync($"/api/leases/{lease.LeaseId}/stats");

        Assert.True(exec.IsSuccessStatusCode, await exec.Content.ReadAsStringAsync());
        var result = await exec.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Equal((0, "hi\n"), (result.GetProperty("exitCode").GetInt32(), result.GetProperty("stdout").GetString()));
        Assert.True(stats.IsSuccessStatusCode, await stats.Content.ReadAsStringAsync());
        Assert.Equal(48L * 1024 * 1024, (await stats.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("memoryLimitBytes").GetInt64());
    }

    [Fact]
    public async Task Start_IsRefused_ListingWhatSwarmCannotApply_UnlessAWeakerSandboxIsAllowed()
    {
        await using var redis = await RedisServer.StartAsync();
        var settings = SwarmApp.SettingsFor(cluster, TestSettings.NewInstallationId(), redis);
        settings["Swarm:AllowWeakerSandbox"] = "false";
        await using var app = new LeaseApp(settings);

        var refused = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("Swarm:AllowWeakerSandbox", refused.Message);
        Assert.Contains("network none", refused.Message);
    }
}
