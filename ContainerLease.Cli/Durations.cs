using System.Globalization;
using System.Text.RegularExpressions;

namespace ContainerLease.Cli;

/// <summary>Durations as people type them: <c>30s</c>, <c>15m</c>, <c>2h</c>, or a sum such as <c>1h30m</c>.</summary>
public static partial class Durations
{
    public static int ToSeconds(string text)
    {
        var match = Pattern().Match(text.Trim());
        if (!match.Success || text.Trim().Length == 0)
        {
            throw new CliException($"'{text}' is not a duration; write it as 30s, 15m, 2h or 1h30m.", CliException.Usage);
        }

        long seconds = Part(match, "h") * 3600 + Part(match, "m") * 60 + Part(match, "s");
        if (seconds is <= 0 or > int.MaxValue)
        {
            throw new CliException($"'{text}' is not a duration longer than zero.", CliException.Usage);
        }

        return (int)seconds;
    }

    private static long Part(Match match, string unit) =>
        match.Groups[unit].Success ? long.Parse(match.Groups[unit].Value, CultureInfo.InvariantCulture) : 0;

    [GeneratedRegex("^(?:(?<h>[0-9]{1,6})h)?(?:(?<m>[0-9]{1,8})m)?(?:(?<s>[0-9]{1,10})s)?$")]
    private static partial Regex Pattern();
}
