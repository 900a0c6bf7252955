using System.Text.Json.Serialization;
using ContainerLease.Domain.Exec;

namespace ContainerLease.Mvc.Live;

/// <summary>
/// One item of the hub's <c>Exec</c> stream: <c>{stream, data}</c> for output, then a last
/// <c>{exitCode, timedOut, durationMs}</c>. Fields that do not belong to the item are left out.
/// </summary>
public sealed record ExecStreamItem(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Stream,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Data,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? ExitCode,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? TimedOut,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? DurationMs)
{
    public static ExecStreamItem From(ExecItem item) => item.End is { } end
        ? new(null, null, end.ExitCode, end.TimedOut, (long)end.Duration.TotalMilliseconds)
        : new(item.Stream, item.Data, null, null, null);
}
