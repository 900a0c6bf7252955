namespace ContainerLease.Domain.Files;

/// <summary>The bytes of one file on their way in: exactly <paramref name="Length"/> of them, read once from the start.</summary>
public sealed record FileUpload(Stream Content, long Length);
