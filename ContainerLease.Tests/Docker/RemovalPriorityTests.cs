using ContainerLease.Domain.Catalog;
using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Logs;
using ContainerLease.Domain.Policy;
using ContainerLease.Domain.Ports;
using ContainerLease.Mvc.Docker;
using ContainerLease.Tests.Integration.Infrastructure;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ContainerSpec = ContainerLease.Domain.Ports.ContainerSpec;

namespace ContainerLease.Tests.Docker;

/// <summary>Reaping comes first: a removal that is due never waits behind creations that hold every slot.</summary>
public sealed class RemovalPriorityTests : IAsyncLifetime
{
    private readonly string _installation = TestSettings.NewInstallationId();
    private readonly DockerClient _docker = new DockerClientConfiguration().CreateClient();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await Cleanup.RemoveContainersAsync(_docker, _installation);
        _docker.Dispose();
    }

    [Fact]
    public async Task ARemoval_CompletesWhileEveryCreationSlotIsTaken_AndTheCreationsFinishAfterwards()
    {
        var (client, held) = HeldCreates.Wrap(_docker);
        var options = Options.Create(new DockerOptions { MaxParallelOperations = 1 });
        var calls = new DockerCalls(options);
        using var runtime = new DockerContainerRuntime(
            client, calls, new DockerImages(client, calls, new ContainerLease.Domain.Images.ImageStates(TimeProvider.System), new InstanceOnlyPullLocks(), TimeProvider.System, options, Options.Create(new RegistriesOptions()), NullLogger<DockerImages>.Instance), options,
            new LeaseOptions { InstallationId = _installation }, new LogOptions(), NullLogger<DockerContainerRuntime>.Instance);
        var due = await StartBareAsync();

        var creation = runtime.StartAsync(Spec(), CancellationToken.None);
        await held.CreateHeld.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var removed = await runtime.RemoveAsync(due).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(removed);
        Assert.False(creation.IsCompleted);
        held.Release.SetResult();
        var created = await creation.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(await runtime.IsManagedAsync(created));
    }

    private ContainerSpec Spec()
    {
        var lease = new Lease
        {
            Id = LeaseId.New(),
            ContainerId = string.Empty,
            ImageType = "sleeper",
            Owner = "alice",
            CreatedAt = DateTimeOffset.UtcNow,
            ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(1),
        };
        var image = new CatalogImage { Image = TestSettings.Image, Command = ["sleep", "60"] };
        return new ContainerSpec(LeaseName.For(lease), image, LeaseLabels.For(lease, _installation));
    }

    /// <summary>A container of this installation, made straight on the engine, standing for one whose lease is due.</summary>
    private async Task<string> StartBareAsync()
    {
        var created = await _docker.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = TestSettings.Image,
            Cmd = ["sleep", "60"],
            Labels = new Dictionary<string, string> { [LeaseLabels.Managed] = "true", [LeaseLabels.Installation] = _installation },
            HostConfig = new HostConfig { NetworkMode = "none" },
        });
        await _docker.Containers.StartContainerAsync(created.ID, new ContainerStartParameters());
        return created.ID;
    }
}
