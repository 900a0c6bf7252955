namespace ContainerLease.Domain.Leases;

/// <summary>
/// A lease's identity: 32 lowercase hex characters, so it is safe as a Docker label,
/// a Redis key part and a URL segment without escaping.
/// </summary>
public readonly record struct LeaseId
{
    private readonly string? _value;

    private LeaseId(string value) => _value = value;

    public string Value => _value ?? string.Empty;

    public static LeaseId New() => new(Guid.NewGuid().ToString("N"));

    public static bool TryParse(string? text, out LeaseId id)
    {
        id = default;
        if (text is null || text.Length != 32 || !text.All(char.IsAsciiHexDigitLower))
        {
            return false;
        }

        id = new LeaseId(text);
        return true;
    }

    public static LeaseId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException($"'{text}' is not a lease id.");

    /// <summary>For ids from a request: a malformed id names no lease, so it is as unknown as a well-formed one that does not exist.</summary>
    public static LeaseId ParseOrMissing(string text) =>
        TryParse(text, out var id) ? id : throw new Errors.LeaseNotFoundException(text);

    public override string ToString() => Value;
}
