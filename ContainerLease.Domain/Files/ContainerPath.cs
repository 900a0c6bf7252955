using System.Text;
using ContainerLease.Domain.Errors;

namespace ContainerLease.Domain.Files;

/// <summary>
/// An absolute path inside a lease's container, checked before anything reaches the engine: the
/// caller's text names a place by its segments alone, so <c>..</c> can never climb out of what it
/// seems to name, and a relative path never depends on a working folder nobody chose.
/// </summary>
public sealed class ContainerPath
{
    /// <summary>The request field a path arrives in, named by every error about it.</summary>
    public const string Field = "path";

    /// <summary>Linux's own limits: PATH_MAX for the whole, NAME_MAX for a segment, in bytes.</summary>
    public const int MaxBytes = 4096;

    public const int MaxSegmentBytes = 255;

    private ContainerPath(IReadOnlyList<string> segments) => Segments = segments;

    public static ContainerPath Root { get; } = new([]);

    /// <summary>The folder and file names from the root, none empty, <c>.</c> or <c>..</c>.</summary>
    public IReadOnlyList<string> Segments { get; }

    public string Value => "/" + string.Join('/', Segments);

    /// <summary>The last segment: the file's or folder's own name.</summary>
    public string Name => Segments.Count == 0 ? "/" : Segments[^1];

    public bool IsRoot => Segments.Count == 0;

    public ContainerPath Parent => IsRoot ? this : new([.. Segments.Take(Segments.Count - 1)]);

    /// <summary>Whether this names something inside <paramref name="folder"/> (not the folder itself).</summary>
    public bool IsInside(ContainerPath folder) =>
        Segments.Count > folder.Segments.Count && folder.Segments.Select((s, i) => s == Segments[i]).All(same => same);

    public ContainerPath Append(string name) => Parse(Value.TrimEnd('/') + "/" + name);

    public override string ToString() => Value;

    /// <summary>The path, or a <see cref="LeaseValidationException"/> naming the <c>path</c> field that says what is wrong with it.</summary>
    public static ContainerPath Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw Invalid("path is required: an absolute path in the container, such as /tmp/data.csv.");
        }

        if (text[0] != '/')
        {
            throw Invalid($"path must be absolute, starting with / (such as /tmp/data.csv); '{Echo.Of(text)}' is relative.");
        }

        if (text.Any(char.IsControl))
        {
            throw Invalid("path must not contain control characters (such as a newline or NUL).");
        }

        if (Encoding.UTF8.GetByteCount(text) > MaxBytes)
        {
            throw Invalid($"path is longer than {MaxBytes} bytes.");
        }

        var segments = text.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").ToList();
        if (segments.Contains(".."))
        {
            throw Invalid($"path must not contain '..' segments; name the place itself, from the root: '{Echo.Of(text)}'.");
        }

        if (segments.FirstOrDefault(s => Encoding.UTF8.GetByteCount(s) > MaxSegmentBytes) is { } tooLong)
        {
            throw Invalid($"path has a name longer than {MaxSegmentBytes} bytes: '{Echo.Of(tooLong)}'.");
        }

        return new ContainerPath(segments);
    }

    private static LeaseValidationException Invalid(string message) => new(Field, message);
}
