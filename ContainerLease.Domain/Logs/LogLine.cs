namespace ContainerLease.Domain.Logs;

/// <summary>
/// One line a container printed. <see cref="Timestamp"/> is the engine's own RFC 3339 time with
/// nanoseconds, kept as text so that a client can hand it back exactly to resume after it.
/// </summary>
/// <param name="Stream"><c>stdout</c>, <c>stderr</c>, or <c>system</c> for notices from ContainerLease itself.</param>
public sealed record LogLine(string Timestamp, string Stream, string Message)
{
    public const string StdOut = "stdout";
    public const string StdErr = "stderr";
    public const string System = "system";

    /// <summary>The original design's field: <c>error</c> for stderr, <c>info</c> for the rest.</summary>
    public string Level => Stream == StdErr ? "error" : "info";
}
