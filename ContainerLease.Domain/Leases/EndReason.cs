namespace ContainerLease.Domain.Leases;

public enum EndReason
{
    /// <summary>The lease ran out.</summary>
    Expired,

    /// <summary>Someone ended it early.</summary>
    Terminated,

    /// <summary>Its container disappeared without the app removing it.</summary>
    Gone,
}
