using System.ComponentModel.DataAnnotations;

namespace ContainerLease.Mvc.Api.Contracts;

/// <summary>The original API takes minutes, short leases need seconds: a body gives one, never both.</summary>
internal static class DurationBody
{
    private static readonly string[] BothFields = ["durationMinutes", "durationSeconds"];

    public static IEnumerable<ValidationResult> Check(int? minutes, int? seconds)
    {
        if (minutes is null == seconds is null)
        {
            yield return new ValidationResult("Give the duration as either durationMinutes or durationSeconds, not both and not neither.", BothFields);
        }
    }

    public static TimeSpan Duration(int? minutes, int? seconds) =>
        minutes is { } m ? TimeSpan.FromMinutes(m) : TimeSpan.FromSeconds(seconds ?? 0);

    /// <summary>The field the caller used, so an out-of-bounds error points at it.</summary>
    public static string Field(int? minutes) => minutes is null ? "durationSeconds" : "durationMinutes";
}
