using System.ComponentModel.DataAnnotations;

namespace ContainerLease.Mvc.Ports;

/// <summary>The <c>Ports</c> section: how the port proxy reaches containers and how it names its URLs.</summary>
public sealed class PortsOptions : IValidatableObject
{
    public const string Section = "Ports";

    /// <summary>How long the proxy waits for a container to accept a connection before it answers 502.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:05:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a proxied request may go without a byte either way before it is cut.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ActivityTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>The app's public address (<c>https://leases.example.com</c>); when set, a lease's URLs are absolute.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>
    /// Host-based routing, as <c>{port}-{lease}.leases.example.com</c>: each port of each lease gets
    /// its own origin (a wildcard DNS name and certificate point at the app). Needs <see cref="PublicBaseUrl"/>
    /// for the scheme, the port and the way back to sign in. The path form works either way.
    /// </summary>
    public string? HostPattern { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrEmpty(HostPattern))
        {
            if (!PortHosts.IsValidPattern(HostPattern))
            {
                yield return new ValidationResult("Ports:HostPattern must be a host name whose first label holds {port} and {lease} once each, such as {port}-{lease}.leases.example.com.", [nameof(HostPattern)]);
            }

            if (string.IsNullOrEmpty(PublicBaseUrl))
            {
                yield return new ValidationResult("Ports:HostPattern needs Ports:PublicBaseUrl: the scheme and port of the lease hosts, and where a browser signs in.", [nameof(HostPattern)]);
            }
        }

        if (!string.IsNullOrEmpty(PublicBaseUrl)
            && (!Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Query.Length > 0))
        {
            yield return new ValidationResult("Ports:PublicBaseUrl must be an absolute http or https address such as https://leases.example.com.", [nameof(PublicBaseUrl)]);
        }
    }
}
