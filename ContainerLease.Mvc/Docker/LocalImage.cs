namespace ContainerLease.Mvc.Docker;

/// <summary>An image as the engine holds it: its id, and its registry digest when it came from a registry.</summary>
internal sealed record LocalImage(string Id, string? Digest)
{
    /// <summary>What a lease records of the image it ran: its registry digest, or its id when no registry knows it.</summary>
    public string Ran => Digest ?? Id;
}
