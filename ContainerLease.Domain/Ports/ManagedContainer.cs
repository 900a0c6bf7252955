namespace ContainerLease.Domain.Ports;

/// <summary>A container on the engine that carries this installation's labels.</summary>
/// <param name="CreatedAt">As the engine lists it: whole seconds.</param>
/// <param name="WrittenBytes">What it has written to its own file system (the engine's SizeRw), when the listing asked for sizes.</param>
/// <param name="Name">Its name, which carries the lease's current expiry and owner (see <see cref="Leases.LeaseName"/>).</param>
/// <param name="Lost">
/// Set when the runtime knows the container no longer runs for its lease and never will again (a
/// cluster's task that ended, or whose node is down or drained), saying why for the lease's history;
/// the sweep then ends its lease as gone and removes what is left.
/// </param>
public sealed record ManagedContainer(string Id, IReadOnlyDictionary<string, string> Labels, DateTimeOffset CreatedAt, long? WrittenBytes = null, string? Name = null, string? Lost = null);
