namespace ContainerLease.Mvc.Live;

/// <summary>
/// One streamed line: <c>stream</c> is stdout, stderr, or system (a notice from ContainerLease:
/// lines skipped, stream ended), and system lines are not positions to resume from.
/// </summary>
public sealed record LogItem(string Timestamp, string Stream, string Level, string Message);
