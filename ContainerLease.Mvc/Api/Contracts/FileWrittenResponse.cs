namespace ContainerLease.Mvc.Api.Contracts;

/// <summary>What an upload wrote: the path as the container sees it (written without <c>.</c> or doubled slashes) and its size.</summary>
public sealed record FileWrittenResponse(string Path, long Bytes);
