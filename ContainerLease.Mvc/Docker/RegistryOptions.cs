using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace ContainerLease.Mvc.Docker;

/// <summary>
/// <c>Registries:&lt;name&gt;</c>: the credentials for one private registry, used for every catalog
/// image whose name starts with its <see cref="Server"/>. Never logged, never shown in an error.
/// </summary>
public sealed partial class RegistryOptions : IValidatableObject
{
    /// <summary>The registry's host, with its port if it has one, as image names write it: <c>registry.example.com</c>, <c>127.0.0.1:5000</c>.</summary>
    public string Server { get; set; } = string.Empty;

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>A registry's refresh token, instead of a user name and password.</summary>
    public string? IdentityToken { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Host().IsMatch(Server))
        {
            yield return new ValidationResult("Server must be a registry host, with its port if any, without a scheme or path, such as registry.example.com or 127.0.0.1:5000.", [nameof(Server)]);
        }

        if (string.IsNullOrEmpty(IdentityToken) && (string.IsNullOrEmpty(Username) || string.IsNullOrEmpty(Password)))
        {
            yield return new ValidationResult("needs Username and Password, or IdentityToken.", [nameof(Username)]);
        }
    }

    [GeneratedRegex("^[a-zA-Z0-9]([a-zA-Z0-9.-]*[a-zA-Z0-9])?(:[0-9]{1,5})?$")]
    private static partial Regex Host();
}

/// <summary>The <c>Registries</c> section: each private registry's credentials, by a name of the operator's choosing.</summary>
public sealed class RegistriesOptions : Dictionary<string, RegistryOptions>
{
    public const string Section = "Registries";

    public RegistriesOptions()
        : base(StringComparer.Ordinal)
    {
    }

    /// <summary>The credentials for an image: those of the registry its name starts with, if any.</summary>
    public RegistryOptions? For(string image) =>
        RegistryOf(image) is { } host ? Values.FirstOrDefault(r => string.Equals(r.Server, host, StringComparison.OrdinalIgnoreCase)) : null;

    /// <summary>The registry host an image name names, as the engine reads it; null for Docker Hub.</summary>
    public static string? RegistryOf(string image)
    {
        var slash = image.IndexOf('/');
        if (slash < 0)
        {
            return null;
        }

        var first = image[..slash];
        return first.Contains('.') || first.Contains(':') || first == "localhost" ? first : null;
    }
}

/// <summary>Each registry's settings checked at start, the error naming the registry (never its secret).</summary>
internal sealed class RegistriesOptionsValidator : Microsoft.Extensions.Options.IValidateOptions<RegistriesOptions>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, RegistriesOptions options)
    {
        var failures = options.SelectMany(r => r.Value.Validate(new ValidationContext(r.Value)).Select(e => $"Registries:{r.Key}: {e.ErrorMessage}")).ToList();
        return failures.Count == 0 ? Microsoft.Extensions.Options.ValidateOptionsResult.Success : Microsoft.Extensions.Options.ValidateOptionsResult.Fail(failures);
    }
}
