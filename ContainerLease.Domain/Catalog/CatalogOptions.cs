using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace ContainerLease.Domain.Catalog;

/// <summary>The <c>Catalog</c> section: <c>Catalog:Images:&lt;id&gt;:...</c>.</summary>
public sealed partial class CatalogOptions : IValidatableObject
{
    public const string Section = "Catalog";

    public IDictionary<string, CatalogImage> Images { get; set; } = new Dictionary<string, CatalogImage>(StringComparer.Ordinal);

    /// <summary>Pull every catalog image the engine lacks in the background at start, and check the tags again every <see cref="RefreshInterval"/>, so the first user does not wait for a pull.</summary>
    public bool PullOnStart { get; set; } = true;

    /// <summary>How often, with <see cref="PullOnStart"/>, each tag is pulled again to see whether it moved (a digest-pinned image never is).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromHours(6);

    /// <summary>
    /// A provision whose image must be pulled first answers at once with the lease <c>pulling</c>
    /// (202), and its container starts, with its clock, when the pull is done. False: the request
    /// waits for the pull, up to <c>Docker:PullTimeout</c>.
    /// </summary>
    public bool WaitForPull { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Images.Count == 0)
        {
            yield return new ValidationResult("The catalog has no images: add at least one under Catalog:Images.");
        }

        foreach (var (id, image) in Images)
        {
            if (!ImageId().IsMatch(id))
            {
                yield return new ValidationResult($"Catalog:Images:{id}: an image id is lowercase letters, digits and dashes.");
            }

            var results = new List<ValidationResult>();
            Validator.TryValidateObject(image, new ValidationContext(image), results, validateAllProperties: true);
            if (image.Image is { } name && name.Contains('@', StringComparison.Ordinal) && !Pinned().IsMatch(name))
            {
                results.Add(new ValidationResult("an Image pinned by digest is name@sha256: and 64 lowercase hex digits, without a tag, such as registry.example.com/tools/python@sha256:4f5e…"));
            }
            if (image.HealthCheck is { } health)
            {
                Validator.TryValidateObject(health, new ValidationContext(health), results, validateAllProperties: true);
                if (health.Interval < TimeSpan.FromMilliseconds(1) || health.Timeout < TimeSpan.FromMilliseconds(1))
                {
                    results.Add(new ValidationResult("HealthCheck Interval and Timeout must be at least 1 ms."));
                }
            }

            Validator.TryValidateObject(image.WarmPool, new ValidationContext(image.WarmPool), results, validateAllProperties: true);

            if (image.IdleTimeout is { } idle && idle < TimeSpan.FromSeconds(1))
            {
                results.Add(new ValidationResult("IdleTimeout must be at least 00:00:01, or left out for no idle limit."));
            }

            if (image.CapAdd.Any(c => !Capability().IsMatch(c)))
            {
                results.Add(new ValidationResult("CapAdd holds capability names such as NET_BIND_SERVICE."));
            }

            if (image.Egress == CatalogImage.LanEgress && image.Network != "bridge")
            {
                results.Add(new ValidationResult("Egress 'lan' needs Network 'bridge': a container with no network sends nothing."));
            }

            if (image.Ports.Any(p => !PortEntry().IsMatch(p) || int.Parse(p.Split('/')[0], System.Globalization.CultureInfo.InvariantCulture) is < 1 or > 65535))
            {
                results.Add(new ValidationResult("Ports holds HTTP ports such as 8080 or 8080/http, each from 1 to 65535."));
            }
            else if (image.Ports.Count > 0 && image.Network != "bridge")
            {
                results.Add(new ValidationResult("Ports need Network 'bridge': the port proxy reaches a container on the installation's bridge."));
            }
            else if (image.PortNumbers.Distinct().Count() != image.Ports.Count)
            {
                results.Add(new ValidationResult("Ports lists a port twice."));
            }

            foreach (var result in results)
            {
                yield return new ValidationResult($"Catalog:Images:{id}: {result.ErrorMessage}");
            }
        }
    }

    [GeneratedRegex("^([^@\\s/]+/)*[^@\\s/:]+@sha256:[a-f0-9]{64}$")]
    private static partial Regex Pinned();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex ImageId();

    [GeneratedRegex("^[0-9]{1,5}(/http)?$")]
    private static partial Regex PortEntry();

    [GeneratedRegex("^[A-Z][A-Z_]{1,40}$")]
    private static partial Regex Capability();
}
