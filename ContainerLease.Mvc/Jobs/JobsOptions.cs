namespace ContainerLease.Mvc.Jobs;

/// <summary>The <c>Jobs</c> section: how Hangfire's server runs here.</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>How often due expiry jobs are looked for; Hangfire's default (15 s) would make leases overrun.</summary>
    public TimeSpan SchedulePollingInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    public int WorkerCount { get; set; } = 10;

    /// <summary>How many times a failed expiry is retried before the job is marked failed on the dashboard.</summary>
    public int RetryAttempts { get; set; } = 10;

    /// <summary>The first retry's delay; each next one doubles, with jitter, up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often this instance checks that the sweep is registered and that its server is announced in storage.</summary>
    public TimeSpan WatchdogInterval { get; set; } = TimeSpan.FromSeconds(5);
}
