using ContainerLease.Domain.Policy;
using ContainerLease.Mvc.Logging;
using ContainerLease.Mvc.Storage;
using ContainerLease.Mvc.Webhooks;
using Hangfire;
using Hangfire.Common;
using Microsoft.Extensions.Options;

namespace ContainerLease.Mvc.Jobs;

/// <summary>
/// Runs this instance's Hangfire server and watches over what Redis can lose. Every
/// <see cref="JobsOptions.WatchdogInterval"/> it registers the sweep (and, with Redis, the webhook
/// relay) again (a FLUSHALL erases recurring jobs) and checks that its server is still announced in storage: Hangfire does not
/// re-announce a server whose record vanished, and would then take it for dead and re-queue its
/// running jobs, so a missing server is restarted. At start it triggers one sweep, so leases
/// that fell due while the app was down are reaped at once, and one relay, so webhook events an
/// instance stored but did not queue go out at once.
/// </summary>
internal sealed class JobServerHost(
    IServiceProvider services,
    JobStorage storage,
    IRecurringJobManager recurring,
    IOptions<JobsOptions> jobs,
    IOptions<LeaseOptions> leases,
    StorageChoice storageChoice,
    JobServerState state,
    ILogger<JobServerHost> logger) : BackgroundService
{
    private const int MissedChecksBeforeRestart = 2;

    /// <summary>
    /// Longest a stop waits for the server: running jobs see their token cancelled at once and
    /// hand back, so this bounds a stuck one rather than pausing every stop. Hangfire's own default
    /// (15 s), on top of the host's, would keep a stopping instance past an orchestrator's grace.
    /// </summary>
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(5);

    private readonly string _serverName = $"containerlease-{Environment.MachineName}-{Guid.NewGuid():N}".ToLowerInvariant();
    private BackgroundJobServer? _server;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _server = StartServer();
        state.Running = true;
        var swept = false;
        var missed = 0;
        using var timer = new PeriodicTimer(jobs.Value.WatchdogInterval);
        do
        {
            try
            {
                recurring.AddOrUpdate<OrphanSweepJob>(
                    OrphanSweepJob.RecurringJobId,
                    job => job.RunAsync(CancellationToken.None),
                    SweepSchedule.Cron(leases.Value.SweepInterval)!,
                    new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
                recurring.AddOrUpdate<PoolRefillJob>(
                    PoolRefillJob.RecurringJobId,
                    job => job.RunAsync(CancellationToken.None),
                    SweepSchedule.Cron(leases.Value.SweepInterval)!,
                    new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
                if (storageChoice.UsesRedis)
                {
                    recurring.AddOrUpdate<WebhookRelayJob>(
                        WebhookRelayJob.RecurringJobId,
                        job => job.RunAsync(CancellationToken.None),
                        SweepSchedule.Cron(leases.Value.SweepInterval)!,
                        new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
                }

                if (!swept)
                {
                    recurring.Trigger(PoolRefillJob.RecurringJobId);
                    recurring.Trigger(OrphanSweepJob.RecurringJobId);
                    if (storageChoice.UsesRedis)
                    {
                        recurring.Trigger(WebhookRelayJob.RecurringJobId);
                    }

                    swept = true;
                }

                missed = IsAnnounced() ? 0 : missed + 1;
                if (missed >= MissedChecksBeforeRestart)
                {
                    AppLog.ServerMissing(logger, _serverName);
                    await RestartServerAsync(stoppingToken);
                    missed = 0;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Storage unreachable: Hangfire retries on its own; the next tick checks again.
                AppLog.WatchdogFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);

        // Running jobs see their token cancelled and are handed back to the queue unfinished;
        // every job is idempotent, so whoever picks one up again simply completes it.
        state.Running = false;
        if (Interlocked.Exchange(ref _server, null) is { } server)
        {
            await StopServerAsync(server, cancellationToken);
        }
    }

    private bool IsAnnounced() =>
        storage.GetMonitoringApi().Servers().Any(s => s.Name.StartsWith(_serverName, StringComparison.OrdinalIgnoreCase));

    private async Task RestartServerAsync(CancellationToken ct)
    {
        if (Interlocked.Exchange(ref _server, null) is { } old)
        {
            await StopServerAsync(old, ct);
        }

        _server = StartServer();
    }

    private async Task StopServerAsync(BackgroundJobServer server, CancellationToken ct)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bounded.CancelAfter(ShutdownTimeout);
        try
        {
            server.SendStop();
            await server.WaitForShutdownAsync(bounded.Token);
        }
        catch (OperationCanceledException) when (bounded.IsCancellationRequested)
        {
            // A job that ignores its token stays fetched; Hangfire re-queues it, and the sweep covers its lease.
            AppLog.JobServerStopTimedOut(logger, _serverName, ShutdownTimeout);
        }
        finally
        {
            server.Dispose(); // waits at most the server's ShutdownTimeout, the same bound
        }
    }

    private BackgroundJobServer StartServer()
    {
        var options = jobs.Value;
        var serverOptions = new BackgroundJobServerOptions
        {
            ServerName = _serverName,
            WorkerCount = options.WorkerCount,
            SchedulePollingInterval = options.SchedulePollingInterval,
            ShutdownTimeout = ShutdownTimeout,

            // A crashed instance's jobs go to the others after this long, not Hangfire's 5 minutes.
            ServerTimeout = TimeSpan.FromSeconds(15),
            ServerCheckInterval = TimeSpan.FromSeconds(5),
            HeartbeatInterval = TimeSpan.FromSeconds(5),

            // The filters and activator Hangfire.AspNetCore hands its own server, so jobs are
            // activated from this app's container.
            FilterProvider = services.GetRequiredService<IJobFilterProvider>(),
            Activator = services.GetRequiredService<JobActivator>(),
        };

        return new BackgroundJobServer(serverOptions, storage, []);
    }
}
