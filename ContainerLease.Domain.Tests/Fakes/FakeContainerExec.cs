using ContainerLease.Domain.Ports;

namespace ContainerLease.Domain.Tests.Fakes;

/// <summary>An engine's exec in memory: hands out the given output, then exits, or runs until it is stopped.</summary>
public sealed class FakeContainerExec : IContainerExec
{
    /// <summary>Every command that reached the engine, with its container.</summary>
    public List<(string ContainerId, ExecSpec Spec)> Runs { get; } = [];

    /// <summary>What the command prints, piece by piece.</summary>
    public List<ExecOutput> Output { get; } = [];

    public int ExitCode { get; set; }

    /// <summary>When true the command runs until its stop token is cancelled, and is then killed (137).</summary>
    public bool RunsUntilStopped { get; set; }

    public async Task<ExecExit> RunAsync(string containerId, ExecSpec spec, Func<ExecOutput, CancellationToken, ValueTask> onOutput, CancellationToken stopToken)
    {
        Runs.Add((containerId, spec));
        foreach (var output in Output)
        {
            await onOutput(output, CancellationToken.None);
        }

        if (!RunsUntilStopped)
        {
            return new ExecExit(ExitCode, Stopped: false);
        }

        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, stopToken);
        }
        catch (OperationCanceledException)
        {
            // Stopped, as asked.
        }

        return new ExecExit(137, Stopped: true);
    }

    public void Prints(bool stderr, byte[] bytes) => Output.Add(new ExecOutput(stderr, bytes));
}
