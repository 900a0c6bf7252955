namespace ContainerLease.Mvc.Api;

/// <summary>Who a lease belongs to. Until sign-in exists every lease has the same owner.</summary>
internal static class ApiOwner
{
    public const string Current = "anonymous";
}
