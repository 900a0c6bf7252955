namespace ContainerLease.Domain.Images;

/// <summary>How far a pull has come: bytes downloaded of the layers known so far; the total is null until the engine names a layer's size.</summary>
public sealed record PullProgress(long BytesDone, long? BytesTotal);
