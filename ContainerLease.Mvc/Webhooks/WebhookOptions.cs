using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace ContainerLease.Mvc.Webhooks;

/// <summary>The <c>Webhooks</c> section: where lease events are sent, signed as Standard Webhooks says.</summary>
public sealed partial class WebhookOptions : IValidatableObject
{
    public const string Section = "Webhooks";

    public IDictionary<string, WebhookEndpoint> Endpoints { get; set; } = new Dictionary<string, WebhookEndpoint>(StringComparer.Ordinal);

    /// <summary>Whether some endpoint wants the event a write of <paramref name="lease"/> recorded (its last history entry).</summary>
    public bool WantsLastEventOf(Domain.Leases.Lease lease) =>
        lease.LastEvent is { } entry && WebhookTypes.Of(entry) is { } type && Endpoints.Values.Any(e => e.Wants(type));

    /// <summary>Retries of a failed delivery, with the backoff of <c>Jobs:RetryBaseDelay</c> to <c>Jobs:RetryMaxDelay</c>, before it shows as failed on the dashboard.</summary>
    [Range(0, 100)]
    public int RetryAttempts { get; set; } = 8;

    /// <summary>The longest one delivery waits for its receiver's answer.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Timeout < TimeSpan.FromMilliseconds(100) || Timeout > TimeSpan.FromMinutes(5))
        {
            yield return new ValidationResult("Webhooks:Timeout must be between 00:00:00.1 and 00:05:00.", [nameof(Timeout)]);
        }

        foreach (var (name, endpoint) in Endpoints)
        {
            if (!Name().IsMatch(name))
            {
                yield return new ValidationResult($"Webhooks:Endpoints:{name}: an endpoint's name is 1-64 of a-z, 0-9, '-' and '_'.");
            }

            foreach (var problem in endpoint.Problems())
            {
                yield return new ValidationResult($"Webhooks:Endpoints:{name}:{problem}");
            }
        }
    }

    [GeneratedRegex("^[a-z0-9_-]{1,64}$")]
    private static partial Regex Name();
}

/// <summary>One receiver of lease events.</summary>
public sealed class WebhookEndpoint
{
    public const string SecretPrefix = "whsec_";

    /// <summary>Absolute http or https.</summary>
    public string Url { get; set; } = string.Empty;

    /// <summary><c>whsec_</c> and the base64 of 24 to 64 random bytes, shared with the receiver.</summary>
    public string Secret { get; set; } = string.Empty;

    /// <summary>The event types sent (<c>lease.expired</c>, ...); empty sends every one.</summary>
    public IList<string> Events { get; set; } = [];

    public bool Wants(string type) => Events.Count == 0 || Events.Contains(type, StringComparer.Ordinal);

    /// <summary>The secret's key bytes; null when it is not <c>whsec_</c> and base64.</summary>
    public byte[]? Key()
    {
        if (!Secret.StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var key = new byte[Secret.Length];
        return Convert.TryFromBase64String(Secret[SecretPrefix.Length..], key, out var length) ? key[..length] : null;
    }

    internal IEnumerable<string> Problems()
    {
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            yield return "Url must be an absolute http or https URL.";
        }

        if (Key() is not { Length: >= 24 and <= 64 })
        {
            yield return "Secret must be whsec_ followed by the base64 of 24 to 64 random bytes (for example: echo whsec_$(head -c 32 /dev/urandom | base64)).";
        }

        foreach (var type in Events.Where(t => !WebhookTypes.All.Contains(t)))
        {
            yield return $"Events: '{type}' is not an event; they are {string.Join(", ", WebhookTypes.All)}.";
        }
    }
}
