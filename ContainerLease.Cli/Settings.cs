using System.Text.Json;

namespace ContainerLease.Cli;

/// <summary>Where the app is and the key to call it with: flags, else CONTAINERLEASE_URL and CONTAINERLEASE_API_KEY, else the file <c>login</c> wrote.</summary>
public sealed record Settings(Uri Url, string ApiKey)
{
    public const string UrlVariable = "CONTAINERLEASE_URL";
    public const string KeyVariable = "CONTAINERLEASE_API_KEY";

    public static Settings Resolve(string? url, string? apiKey)
    {
        var saved = Load();
        url ??= Environment.GetEnvironmentVariable(UrlVariable) ?? saved?.Url;
        apiKey ??= Environment.GetEnvironmentVariable(KeyVariable) ?? saved?.ApiKey;
        if (string.IsNullOrWhiteSpace(url) || string.IsNullOrWhiteSpace(apiKey))
        {
            throw new CliException($"No app to talk to: pass --url and --api-key, set {UrlVariable} and {KeyVariable}, or run `containerlease login`.", CliException.Usage);
        }

        return new Settings(ParseUrl(url), apiKey.Trim());
    }

    public static Uri ParseUrl(string url) =>
        Uri.TryCreate(url.TrimEnd('/') + "/", UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new CliException($"'{url}' is not an http:// or https:// address.", CliException.Usage);

    /// <summary>$XDG_CONFIG_HOME/containerlease/config.json, or ~/.config/containerlease/config.json.</summary>
    public static string FilePath
    {
        get
        {
            var root = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
            if (string.IsNullOrEmpty(root))
            {
                root = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
            }

            return Path.Combine(root, "containerlease", "config.json");
        }
    }

    public void Save()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        // Created readable by its owner alone before the key is written into it.
        using (File.Create(FilePath))
        {
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(FilePath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.WriteAllText(FilePath, JsonSerializer.Serialize(new Saved(Url.ToString(), ApiKey), Json.Options));
    }

    private static Saved? Load()
    {
        try
        {
            return File.Exists(FilePath) ? JsonSerializer.Deserialize<Saved>(File.ReadAllText(FilePath), Json.Options) : null;
        }
        catch (JsonException)
        {
            throw new CliException($"{FilePath} is not a file `containerlease login` wrote; run login again.", CliException.Usage);
        }
    }

    private sealed record Saved(string? Url, string? ApiKey);
}
