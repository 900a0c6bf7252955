using ContainerLease.Mvc.Live;

namespace ContainerLease.Mvc.Exec;

/// <summary>
/// The commands users are streaming on the exec hub of this instance, counted per user
/// (<c>Exec:MaxStreamsPerUser</c>). When the app stops each is killed like a cancelled one, and the
/// stop waits until they are (<see cref="StreamsShutdown"/>), so that no kill meets an engine
/// client already disposed with the app.
/// </summary>
public sealed class ExecStreams : OpenStreams;
