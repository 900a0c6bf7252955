using System.Globalization;

namespace ContainerLease.Mvc.Jobs;

/// <summary>
/// Turns <c>Leases:SweepInterval</c> into a cron expression for the recurring job. Cron can only
/// express steps that divide their unit evenly, so only such intervals are accepted.
/// </summary>
public static class SweepSchedule
{
    public static string? Cron(TimeSpan interval)
    {
        var seconds = interval.TotalSeconds;
        if (seconds != Math.Floor(seconds) || seconds < 1)
        {
            return null;
        }

        return seconds switch
        {
            < 60 when 60 % seconds == 0 => $"*/{Format(seconds)} * * * * *",
            60 => "* * * * *",
            < 3600 when seconds % 60 == 0 && 60 % (seconds / 60) == 0 => $"*/{Format(seconds / 60)} * * * *",
            3600 => "0 * * * *",
            < 86400 when seconds % 3600 == 0 && 24 % (seconds / 3600) == 0 => $"0 */{Format(seconds / 3600)} * * *",
            86400 => "0 0 * * *",
            _ => null,
        };
    }

    private static string Format(double value) => ((int)value).ToString(CultureInfo.InvariantCulture);
}
