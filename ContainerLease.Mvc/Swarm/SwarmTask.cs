using Docker.DotNet.Models;

namespace ContainerLease.Mvc.Swarm;

/// <summary>A lease's one task, as the manager reports it, with the node it was placed on (null while it is pending).</summary>
internal sealed record SwarmTask(TaskResponse Task, NodeListResponse? Node)
{
    private static readonly TaskState[] Ended =
        [TaskState.Complete, TaskState.Shutdown, TaskState.Failed, TaskState.Rejected, TaskState.Remove, TaskState.Orphaned];

    public TaskState State => Task.Status.State;

    public string NodeName => Node?.Description?.Hostname ?? Task.NodeID ?? "?";

    public bool HasEnded => Ended.Contains(State);

    /// <summary>Waiting for a node: none has the resources it reserves (or the image it needs), or the scheduler has not got to it.</summary>
    public bool IsPending => State is TaskState.New or TaskState.Allocated or TaskState.Pending;

    /// <summary>The manager's words for why the task is where it is (<c>no suitable node (insufficient resources on 3 nodes)</c>).</summary>
    public string Why => string.IsNullOrEmpty(Task.Status.Err) ? Task.Status.Message ?? string.Empty : Task.Status.Err;

    /// <summary>
    /// Why the lease's task will never run for it again, for the lease's history; null while it may.
    /// A task that ended, a node that is down or drained: the service restarts nothing (its restart
    /// condition is none), so the lease is gone.
    /// </summary>
    public string? Lost()
    {
        if (HasEnded)
        {
            var why = string.IsNullOrEmpty(Task.Status.Err) ? string.Empty : $": {Task.Status.Err}";
            return $"its task on node {NodeName} ended ({State.ToString().ToLowerInvariant()}{why})";
        }

        if (Node is null)
        {
            return null;
        }

        if (!string.Equals(Node.Status?.State, "ready", StringComparison.Ordinal))
        {
            return $"its node {NodeName} is {Node.Status?.State ?? "unknown"}";
        }

        return string.Equals(Node.Spec?.Availability, "drain", StringComparison.Ordinal) ? $"its node {NodeName} was drained" : null;
    }

    /// <summary>The newest of a service's tasks: with one replica and no restarts, its only one, unless a drain moved it.</summary>
    public static SwarmTask? Current(IEnumerable<TaskResponse> tasks, IReadOnlyDictionary<string, NodeListResponse> nodes) =>
        tasks.OrderByDescending(t => t.CreatedAt).FirstOrDefault() is { } task
            ? new SwarmTask(task, task.NodeID is { Length: > 0 } node ? nodes.GetValueOrDefault(node) : null)
            : null;
}
