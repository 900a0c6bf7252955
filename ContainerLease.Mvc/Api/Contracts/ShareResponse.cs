namespace ContainerLease.Mvc.Api.Contracts;

/// <summary>A share link: anyone holding <c>url</c> reaches this one port of this one lease until <c>expiresAt</c> or the lease's end.</summary>
public sealed record ShareResponse(string LeaseId, int Port, string Url, DateTimeOffset ExpiresAt);
