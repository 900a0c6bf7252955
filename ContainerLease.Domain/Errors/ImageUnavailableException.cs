namespace ContainerLease.Domain.Errors;

/// <summary>The catalog's image is not on the engine and could not be pulled.</summary>
public sealed class ImageUnavailableException(string image, string reason, Exception? inner = null)
    : DomainException($"The image '{image}' is not on the Docker engine and could not be pulled: {reason}", inner)
{
    public string Image { get; } = image;

    /// <summary>Why, without the image's name: the engine's or registry's words, free of credentials.</summary>
    public string Reason { get; } = reason;
}
