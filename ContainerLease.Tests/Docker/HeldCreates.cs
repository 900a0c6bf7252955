using System.Reflection;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace ContainerLease.Tests.Docker;

/// <summary>
/// The real engine's client, except that every container creation waits until the test releases
/// it: a burst of slow creations on demand, with everything else passed straight through.
/// </summary>
public class HeldCreates : DispatchProxy
{
    private object _target = null!;
    private HeldCreates _root = null!;

    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Set when the first creation has reached the engine's client and is being held.</summary>
    public TaskCompletionSource CreateHeld { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static (IDockerClient Client, HeldCreates Control) Wrap(IDockerClient docker)
    {
        var client = Create<IDockerClient, HeldCreates>();
        var control = (HeldCreates)(object)client;
        control._target = docker;
        control._root = control;
        return (client, control);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.Name == nameof(IContainerOperations.CreateContainerAsync))
        {
            _root.CreateHeld.TrySetResult();
            return HoldAsync(() => (Task<CreateContainerResponse>)targetMethod.Invoke(_target, args)!);
        }

        var result = targetMethod.Invoke(_target, args);
        if (targetMethod.Name == "get_" + nameof(IDockerClient.Containers))
        {
            var containers = Create<IContainerOperations, HeldCreates>();
            var proxy = (HeldCreates)(object)containers;
            proxy._target = result!;
            proxy._root = _root;
            return containers;
        }

        return result;
    }

    private async Task<CreateContainerResponse> HoldAsync(Func<Task<CreateContainerResponse>> create)
    {
        await _root.Release.Task;
        return await create();
    }
}
