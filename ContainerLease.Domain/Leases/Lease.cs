namespace ContainerLease.Domain.Leases;

/// <summary>
/// One lease on one container. Immutable: every change makes a new value, and
/// <see cref="Version"/> lets the store refuse a change made from a stale copy.
/// </summary>
public sealed record Lease
{
    public required LeaseId Id { get; init; }

    public required string ContainerId { get; init; }

    public required string ImageType { get; init; }

    public required string Owner { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    public LeaseStatus Status { get; init; } = LeaseStatus.Active;

    public EndReason? EndReason { get; init; }

    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>When its container was paused (the engine's freezer); null while it runs. The lease's clock runs on either way.</summary>
    public DateTimeOffset? PausedAt { get; init; }

    /// <summary>When its owner (or an admin) last revoked the links to its ports: a link made at or before it is refused. Null before any revocation.</summary>
    public DateTimeOffset? LinksRevokedAt { get; init; }

    /// <summary>
    /// The moment (its deadline less the lead time) of the latest expiry warning sent, so that each
    /// warning goes out once per deadline even when its job runs twice. Null before the first.
    /// </summary>
    public DateTimeOffset? WarnedBefore { get; init; }

    /// <summary>The last activity noted (<see cref="LeaseActivity"/>); null before any, when its creation counts.</summary>
    public DateTimeOffset? LastActivityAt { get; init; }

    /// <summary>The moment of the latest idle warning sent (its idle deadline less the lead time), so each goes out once per deadline. Null before the first.</summary>
    public DateTimeOffset? IdleWarnedBefore { get; init; }

    /// <summary>When it ends idle if nothing happens in it before: its last activity (or creation) plus <paramref name="timeout"/>.</summary>
    public DateTimeOffset IdleDeadline(TimeSpan timeout) => (LastActivityAt ?? CreatedAt) + timeout;

    /// <summary>When it ends idle under an idle limit of <paramref name="timeout"/>: null while it has none, has ended, or expires first.</summary>
    public DateTimeOffset? EndsIdleAt(TimeSpan? timeout) =>
        Status == LeaseStatus.Active && timeout is { } limit && IdleDeadline(limit) is var deadline && deadline < ExpiresAt ? deadline : null;

    /// <summary>How long nothing has happened in it, as the panel says ("idle for 3 min").</summary>
    public TimeSpan IdleAt(DateTimeOffset now) => now - (LastActivityAt ?? CreatedAt) is var idle && idle > TimeSpan.Zero ? idle : TimeSpan.Zero;

    public bool IsPaused => Status == LeaseStatus.Active && PausedAt is not null;

    /// <summary>Why a lease that is not active has no container to act on, as a refusal says it after "Lease &lt;id&gt;".</summary>
    public string NotActive => Status == LeaseStatus.Pulling ? "is waiting for its image to be pulled" : "has ended";

    /// <summary>The one word the API and the pages show: pulling, active, paused, ending, or how it ended.</summary>
    public string StatusName => Status switch
    {
        LeaseStatus.Active => IsPaused ? "paused" : "active",
        LeaseStatus.Ending => "ending",
        LeaseStatus.Pulling => "pulling",
        _ => (EndReason ?? Leases.EndReason.Expired).Name(),
    };

    /// <summary>
    /// The build its container ran: the registry digest of its image (<c>sha256:…</c>), or the image's
    /// id when no registry knows it, so an operator can tell which build a user had after the tag moved.
    /// Null for leases made before it was recorded.
    /// </summary>
    public string? ImageDigest { get; init; }

    /// <summary>Whether its container came ready from the entry's warm pool rather than being made for it.</summary>
    public bool FromPool { get; init; }

    public long Version { get; init; }

    /// <summary>What happened to the lease, oldest first, at most <see cref="MaxHistory"/> entries.</summary>
    public IReadOnlyList<LeaseEvent> History { get; init; } = [];

    public const int MaxHistory = 20;

    /// <summary>The most <see cref="LeaseEvent.Exec"/> entries a history keeps: a script's many commands never take all of it.</summary>
    public const int MaxExecHistory = MaxHistory / 2;

    public TimeSpan RemainingAt(DateTimeOffset now) => Status == LeaseStatus.Active && ExpiresAt > now ? ExpiresAt - now : TimeSpan.Zero;

    public Lease BeginEnding(EndReason reason) => this with { Status = LeaseStatus.Ending, EndReason = reason };

    /// <param name="by">The user who ended it early; null when the app ended it (an expiry, a sweep).</param>
    /// <param name="detail">Why, for its history, when the reason alone does not say (a pull's error, the node a gone container was on).</param>
    public Lease Finish(DateTimeOffset at, string? by = null, string? detail = null) =>
        (this with { Status = LeaseStatus.Ended, EndedAt = at })
        .Record(new LeaseEvent(at, (EndReason ?? Leases.EndReason.Expired).Name(), detail, by));

    /// <summary>The newest entry of its history: what the change just written was.</summary>
    public LeaseEvent? LastEvent => History.Count > 0 ? History[^1] : null;

    /// <summary>Appends to the history, dropping the oldest entries past <see cref="MaxHistory"/> (a failing reap may retry many times).</summary>
    public Lease Record(LeaseEvent entry) => this with { History = [.. History.Append(entry).TakeLast(MaxHistory)] };

    /// <summary>
    /// Appends an exec entry; past <see cref="MaxExecHistory"/> of them the oldest exec entry makes
    /// room, so commands never push out how the lease began or what else happened to it.
    /// </summary>
    public Lease RecordExec(DateTimeOffset at, string detail, string? by = null)
    {
        var history = History.ToList();
        if (history.Count(e => e.Kind == LeaseEvent.Exec) >= MaxExecHistory)
        {
            history.RemoveAt(history.FindIndex(e => e.Kind == LeaseEvent.Exec));
        }

        return (this with { History = history }).Record(new LeaseEvent(at, LeaseEvent.Exec, detail, by));
    }
}
