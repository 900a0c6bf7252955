using Hangfire;
using Hangfire.Common;

namespace ContainerLease.Mvc.Jobs;

/// <summary>
/// Retries of their own for the jobs of one class, with the same backoff as the expiry's: a filter
/// at method scope, which Hangfire prefers to the app-wide retry filter of the same kind.
/// </summary>
public sealed class RetryOverride(Type jobType, int attempts, JobsOptions options) : IJobFilterProvider
{
    private readonly JobFilter[] _filters =
    [
        new(new AutomaticRetryAttribute
        {
            Attempts = attempts,
            DelayInSecondsByAttemptFunc = attempt => RetryBackoff.DelaySeconds(attempt, options.RetryBaseDelay, options.RetryMaxDelay),
            OnAttemptsExceeded = AttemptsExceededAction.Fail,
        }, JobFilterScope.Method, null),
    ];

    public IEnumerable<JobFilter> GetFilters(Job job) => job?.Type == jobType ? _filters : [];
}
