namespace ContainerLease.Mvc.OpenApi;

/// <summary>
/// The problem answers an API action can give because of what it calls (the domain's errors as
/// Errors/ErrorHandler maps them: 404, 409, 429, 501, 502, 503), for its OpenAPI operation. What
/// every action or its shape brings (401, 403, 500; 400 for a body or query; 413 and 415 for a body)
/// is added by <see cref="ProblemResponses"/>. Every API action carries one, an empty one when
/// nothing it calls can fail so; the document fails to build for an action without.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ProblemsAttribute(params int[] statuses) : Attribute
{
    public IReadOnlyList<int> Statuses { get; } = statuses;
}
