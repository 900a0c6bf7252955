using ContainerLease.Mvc.Jobs;
using ContainerLease.Tests.Integration.Infrastructure;
using Hangfire;
using Hangfire.Common;
using Microsoft.Extensions.DependencyInjection;

namespace ContainerLease.Tests.Integration;

/// <summary>
/// Each app retries its jobs as its own settings say, however many apps share the process:
/// Hangfire's process-wide filter list would hold every app's retry filter at once.
/// </summary>
public sealed class HangfireFiltersTests
{
    [Fact]
    public async Task EachAppRetriesAsItsOwnSettingsSay_AndTheProcessWideFiltersAreUntouched()
    {
        var globalBefore = GlobalJobFilters.Filters.Select(f => f.Instance).ToList();
        await using var first = App(retryAttempts: 3);
        await using var second = App(retryAttempts: 7);

        Assert.Equal(3, Assert.Single(RetryFilters(first)).Attempts);
        Assert.Equal(7, Assert.Single(RetryFilters(second)).Attempts);
        Assert.Equal(globalBefore, GlobalJobFilters.Filters.Select(f => f.Instance).ToList());
    }

    private static LeaseApp App(int retryAttempts)
    {
        var settings = TestSettings.For(TestSettings.NewInstallationId(), redis: null);
        settings["Jobs:RetryAttempts"] = retryAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var app = new LeaseApp(settings);
        using var client = app.CreateClient(); // builds the host, as the first request would
        return app;
    }

    /// <summary>The retry filters the app's job server and client apply to an expiry job.</summary>
    private static List<AutomaticRetryAttribute> RetryFilters(LeaseApp app)
    {
        var job = Job.FromExpression<ExpireLeaseJob>(j => j.RunAsync("lease", default, null, default));
        return [.. app.Services.GetRequiredService<IJobFilterProvider>().GetFilters(job).Select(f => f.Instance).OfType<AutomaticRetryAttribute>()];
    }
}
