namespace ContainerLease.Mvc.Api.Contracts;

public sealed record LeaseListResponse(IReadOnlyList<LeaseResponse> Items, long Total, int Page, int PageSize);
