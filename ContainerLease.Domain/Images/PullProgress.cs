namespace ContainerLease.Domain.Images;

/// <summary>
/// How far a pull of one image has come, in bytes downloaded over all its layers.
/// <see cref="BytesTotal"/> is null until the registry has told the size of every layer.
/// </summary>
public sealed record PullProgress(long BytesDone, long? BytesTotal)
{
    /// <summary>Whole percent done, or null while the total is unknown.</summary>
    public int? Percent => BytesTotal is > 0 and var total ? (int)Math.Min(100, BytesDone * 100 / total) : null;
}
