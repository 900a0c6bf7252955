namespace ContainerLease.Mvc.Swarm;

/// <summary>
/// What of the container sandbox (<see cref="Docker.ContainerParameters"/>) a Swarm service cannot
/// apply, as measured against Docker 20.10 (API 1.41) with Docker.DotNet 3.125: a service was made
/// with every setting below and its container inspected on the node that ran it. Capabilities
/// dropped, the pids limit, the open-file limit, the read-only root, the init, memory and CPU limits
/// all applied; these did not, because a service has no setting for them.
/// </summary>
internal static class SwarmSandbox
{
    /// <summary>The oldest API whose services take capabilities, a pids limit and ulimits (Docker 20.10).</summary>
    public static readonly Version MinimumApi = new(1, 41);

    public static IReadOnlyList<string> Gaps(Version managerApi)
    {
        List<string> gaps =
        [
            "network none: a service cannot join the 'none' network (the manager answers \"network none not found\"), so each lease joins the installation's internal overlay network: no route out of the cluster, but the installation's leases can reach each other on it",
            "memory without swap: a service cannot set the swap limit, and the node's engine gives its container as much swap again as its memory limit (measured: MemorySwap = 2 x Memory); none is used on nodes without swap",
            "no-new-privileges: a service cannot set it (not in API 1.41, nor in Docker.DotNet 3.125's service model)",
            "disk limit (DiskMb): the manager does not know what a task has written, so the sweep cannot check it",
        ];
        if (managerApi < MinimumApi)
        {
            gaps.Add($"capabilities dropped, pids limit and open-file limit: services take them from API {MinimumApi} (Docker 20.10); the manager speaks {managerApi}");
        }

        return gaps;
    }
}
