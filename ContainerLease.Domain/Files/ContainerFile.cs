namespace ContainerLease.Domain.Files;

/// <summary>
/// A file on its way out of a container: its bytes, or a folder as a tar archive. The content is
/// read straight from the engine, never held whole, and disposing it ends the engine's answer.
/// </summary>
/// <param name="Name">The file's or folder's own name, for the download.</param>
/// <param name="Length">The file's size; null for a folder's archive, whose size is known only at its end.</param>
public sealed record ContainerFile(string Name, bool IsFolder, Stream Content, long? Length) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Content.DisposeAsync();
}
