using ContainerLease.Domain.Catalog;
using ContainerLease.Domain.Leases;
using ContainerLease.Mvc.Docker;
using ContainerLease.Mvc.Swarm;
using Docker.DotNet.Models;
using ContainerSpec = ContainerLease.Domain.Ports.ContainerSpec;

namespace ContainerLease.Tests.Swarm;

/// <summary>What a lease's service asks of the cluster, without a cluster.</summary>
public sealed class ServiceParametersTests
{
    private static readonly CatalogImage Image = new() { Image = "busybox", Command = ["sleep", "60"], MemoryMb = 512, Cpus = 0.5, PidsLimit = 32, CapAdd = ["NET_BIND_SERVICE"], ReadOnlyRootFs = true };

    [Fact]
    public void ALeasesService_IsOneTaskNeverRestarted_WithItsResourcesReservedAsWellAsLimited_AndTheSandboxAServiceTakes()
    {
        var lease = new Lease { Id = LeaseId.New(), ContainerId = string.Empty, ImageType = "box", Owner = "alice", CreatedAt = DateTimeOffset.UnixEpoch, ExpiresAt = DateTimeOffset.UnixEpoch.AddHours(1), History = [] };

        var spec = ServiceParameters.For(new ContainerSpec(LeaseName.For(lease), Image, LeaseLabels.For(lease, "inst")), "net", new DockerOptions());

        Assert.Equal($"containerlease-{lease.Id}", spec.Name);
        Assert.Equal((ulong?)1, spec.Mode.Replicated.Replicas);
        Assert.Equal("none", spec.TaskTemplate.RestartPolicy.Condition);
        Assert.Equal(512L * 1024 * 1024, spec.TaskTemplate.Resources.Limits.MemoryBytes);
        Assert.Equal(512L * 1024 * 1024, spec.TaskTemplate.Resources.Reservations.MemoryBytes);
        Assert.Equal(500_000_000, spec.TaskTemplate.Resources.Reservations.NanoCPUs);
        Assert.Equal(32, spec.TaskTemplate.Resources.Limits.Pids);
        Assert.Equal(["ALL"], spec.TaskTemplate.ContainerSpec.CapabilityDrop);
        Assert.Equal(["NET_BIND_SERVICE"], spec.TaskTemplate.ContainerSpec.CapabilityAdd);
        Assert.True(spec.TaskTemplate.ContainerSpec.ReadOnly);
        Assert.Equal("/tmp", Assert.Single(spec.TaskTemplate.ContainerSpec.Mounts).Target);
        Assert.Equal("net", Assert.Single(spec.TaskTemplate.Networks).Target);
        Assert.Null(spec.EndpointSpec.Ports);
        Assert.Equal(LeaseLabels.For(lease, "inst"), spec.Labels);
    }

    [Fact]
    public void AWarmPoolMembersService_KeepsItsOwnName() =>
        Assert.Equal("containerlease-pool-box-0123456789ab", ServiceParameters.NameOf("containerlease-pool-box-0123456789ab"));

    [Theory]
    [InlineData(TaskState.Running, "ready", "active", null)]
    [InlineData(TaskState.Running, "down", "active", "its node node-2 is down")]
    [InlineData(TaskState.Running, "ready", "drain", "its node node-2 was drained")]
    [InlineData(TaskState.Failed, "ready", "active", "its task on node node-2 ended (failed: boom)")]
    [InlineData(TaskState.Shutdown, "ready", "drain", "its task on node node-2 ended (shutdown: boom)")]
    public void ATaskIsLost_WhenItEnded_OrItsNodeIsDownOrDrained_NamingTheNode(TaskState state, string nodeState, string availability, string? lost)
    {
        var node = new NodeListResponse
        {
            ID = "n2",
            Description = new NodeDescription { Hostname = "node-2" },
            Status = new NodeStatus { State = nodeState },
            Spec = new NodeUpdateParameters { Availability = availability },
        };
        var task = new TaskResponse { NodeID = "n2", Status = new global::Docker.DotNet.Models.TaskStatus { State = state, Err = "boom" } };

        Assert.Equal(lost, SwarmTask.Current([task], new Dictionary<string, NodeListResponse> { ["n2"] = node })!.Lost());
    }

    [Fact]
    public void TheSandboxGaps_AreListed_AndAnOlderManagerLacksMore()
    {
        Assert.Contains(SwarmSandbox.Gaps(new System.Version(1, 41)), g => g.StartsWith("network none", StringComparison.Ordinal));
        Assert.DoesNotContain(SwarmSandbox.Gaps(new System.Version(1, 41)), g => g.StartsWith("capabilities", StringComparison.Ordinal));
        Assert.Contains(SwarmSandbox.Gaps(new System.Version(1, 40)), g => g.StartsWith("capabilities", StringComparison.Ordinal));
    }
}
