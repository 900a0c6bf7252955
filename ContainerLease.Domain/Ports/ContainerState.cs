namespace ContainerLease.Domain.Ports;

/// <param name="Status">The engine's word: created, running, exited, ...</param>
/// <param name="Health">starting, healthy or unhealthy; null without a health check.</param>
public sealed record ContainerState(string Status, bool Running, string? Health);
