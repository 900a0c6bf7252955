using ContainerLease.Domain.Images;
using Docker.DotNet.Models;

namespace ContainerLease.Mvc.Docker;

/// <summary>
/// The bytes of one pull, summed over its layers from the engine's progress messages (one stream of
/// <see cref="JSONMessage"/>, a message per layer and step). A layer counts its downloaded bytes while
/// "Downloading", and its whole size from "Download complete" on; a layer the engine already holds
/// counts nothing. The total is known once every layer's size is. Not thread-safe: one pull feeds it.
/// </summary>
public sealed class PullMeter
{
    private readonly Dictionary<string, Layer> _layers = new(StringComparer.Ordinal);

    public PullProgress Current { get; private set; } = new(0, null);

    /// <summary>Takes one message; true when <see cref="Current"/> changed.</summary>
    public bool Add(JSONMessage message)
    {
        if (string.IsNullOrEmpty(message.ID) || Step(message) is not { } layer)
        {
            return false;
        }

        _layers[message.ID] = layer;
        var total = _layers.Values.All(l => l.Total is not null) ? _layers.Values.Sum(l => l.Total!.Value) : (long?)null;
        var next = new PullProgress(_layers.Values.Sum(l => l.Done), total);
        if (next == Current)
        {
            return false;
        }

        Current = next;
        return true;
    }

    /// <summary>What the message says of its layer; null when it says nothing of its bytes (the image's own lines, retries, extraction).</summary>
    private Layer? Step(JSONMessage message)
    {
        var known = _layers.GetValueOrDefault(message.ID) ?? new Layer(0, null);
        return message.Status switch
        {
            "Pulling fs layer" or "Waiting" => known,
            "Downloading" when message.Progress is { } p => new Layer(p.Current, p.Total > 0 ? p.Total : known.Total),
            // Its size is what was downloaded when the engine never told one (a blob of unknown length).
            "Verifying Checksum" or "Download complete" or "Extracting" or "Pull complete" =>
                known.Total is { } size ? new Layer(size, size) : new Layer(known.Done, known.Done),
            "Already exists" => new Layer(0, 0),
            _ => null,
        };
    }

    private sealed record Layer(long Done, long? Total);
}
