namespace ContainerLease.Mvc.Jobs;

/// <summary>The <c>Jobs</c> section: how Hangfire's server runs here.</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>How often due expiry jobs are looked for; Hangfire's default (15 s) would make leases overrun.</summary>
    public TimeSpan SchedulePollingInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    public int WorkerCount { get; set; } = 10;
}
