namespace ContainerLease.Domain.Logs;

/// <summary>
/// Where a reader left off: the timestamp of the last line it saw, and how many lines with exactly
/// that timestamp it saw. The engine resumes from the timestamp inclusively, so those lines are
/// skipped once, and a line sharing the timestamp that the reader had not seen yet is still delivered.
/// </summary>
public sealed record LogPosition(string Timestamp, int SeenAtTimestamp);
