namespace ContainerLease.Mvc.Docker;

/// <summary>The parts of an image reference (<c>host:port/repo:tag</c> or <c>host:port/repo@sha256:…</c>) as the engine reads them.</summary>
internal static class ImageNames
{
    /// <summary>The repository and what to pull of it: a tag (<c>latest</c> when none), or the digest of a pinned name.</summary>
    public static (string Repository, string TagOrDigest) Split(string image)
    {
        var at = image.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            return (image[..at], image[(at + 1)..]);
        }

        var slash = image.LastIndexOf('/');
        var colon = image.LastIndexOf(':');
        return colon > slash ? (image[..colon], image[(colon + 1)..]) : (image, "latest");
    }

    /// <summary>Whether the name pins one build by its digest, which never moves and is never refreshed.</summary>
    public static bool IsPinned(string image) => image.Contains('@', StringComparison.Ordinal);

    /// <summary>
    /// The digest of <paramref name="repoDigests"/> (the engine's <c>repo@sha256:…</c> list) for the
    /// image's own repository, else the first; null when the image came from no registry.
    /// </summary>
    public static string? DigestFor(string image, IEnumerable<string>? repoDigests)
    {
        var digests = (repoDigests ?? []).Select(d => d.Split('@', 2)).Where(d => d.Length == 2).ToList();
        var repository = Split(image).Repository;
        var own = digests.FirstOrDefault(d => string.Equals(d[0], repository, StringComparison.Ordinal)) ?? digests.FirstOrDefault();
        return own?[1];
    }
}
