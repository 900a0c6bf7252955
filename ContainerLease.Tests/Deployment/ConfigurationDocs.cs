using System.Reflection;
using System.Text.RegularExpressions;

namespace ContainerLease.Tests.Deployment;

/// <summary>
/// Setting keys in one form, <c>Section:Key</c>, as the README's table, .env.example and the app's
/// options classes each spell them. A dictionary's key or a list item of objects is <c>&lt;*&gt;</c>
/// (the docs write <c>&lt;id&gt;</c>, <c>&lt;name&gt;</c>), and a list of values is its own key.
/// </summary>
public static partial class ConfigurationDocs
{
    /// <summary>The keys of the Configuration section's table in README.md; <c>`:Interval`</c> after a key is its sibling.</summary>
    public static IReadOnlySet<string> ReadmeKeys()
    {
        var lines = File.ReadAllLines(Repository.File("README.md"));
        var table = lines.SkipWhile(l => l != "## Configuration").Skip(1)
            .SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|')).Skip(2);
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var row in table)
        {
            var names = Backticked().Matches(row.Split('|')[1]).Select(m => m.Groups[1].Value).ToList();
            var parent = names[0][..names[0].LastIndexOf(':')];
            foreach (var name in names)
            {
                keys.Add(Normalize(name.StartsWith(':') ? parent + name : name, ':'));
            }
        }

        return keys;
    }

    /// <summary>The <c>Section__Key</c> lines of .env.example, commented or not; the stack's own (plain) names are not settings.</summary>
    public static IReadOnlySet<string> EnvExampleKeys() =>
        EnvExampleNames().Where(n => n.Contains("__", StringComparison.Ordinal))
            .Select(n => Normalize(n, '_')).ToHashSet(StringComparer.Ordinal);

    public static IEnumerable<string> EnvExampleNames() =>
        File.ReadAllLines(Repository.File(".env.example"))
            .Select(l => EnvLine().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value);

    /// <summary>The <c>${NAME}</c> variables docker-compose.yml is filled in with.</summary>
    public static IReadOnlySet<string> ComposeVariables() =>
        ComposeVariable().Matches(File.ReadAllText(Repository.File("docker-compose.yml")))
            .Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>Every bindable key of an options class: a public settable property, nested classes and dictionaries expanded.</summary>
    public static IEnumerable<string> KeysOf(string prefix, Type type) =>
        Generic(type, typeof(IDictionary<,>)) is { } section
            ? Expand($"{prefix}:<*>", section[1]) // a section that is itself a dictionary, as Registries:<name>
            : type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0)
            .SelectMany(p => Expand($"{prefix}:{p.Name}", p.PropertyType));

    private static IEnumerable<string> Expand(string key, Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (IsValue(type))
        {
            return [key];
        }

        if (Generic(type, typeof(IDictionary<,>)) is { } dictionary)
        {
            return Expand($"{key}:<*>", dictionary[1]);
        }

        if (Generic(type, typeof(IEnumerable<>)) is { } list)
        {
            return IsValue(list[0]) ? [key] : Expand($"{key}:<*>", list[0]);
        }

        return KeysOf(key, type);
    }

    private static bool IsValue(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan)
        || type == typeof(DateTimeOffset) || type == typeof(DateTime) || type == typeof(Uri) || type == typeof(Guid);

    private static Type[]? Generic(Type type, Type definition) =>
        new[] { type }.Concat(type.GetInterfaces())
            .FirstOrDefault(t => t.IsGenericType && t.GetGenericTypeDefinition() == definition)?.GetGenericArguments();

    /// <summary>
    /// One spelling: <c>&lt;id&gt;</c> and the like become <c>&lt;*&gt;</c>; in the environment form a last
    /// numeric part (<c>Command__0</c>) is a list item and is dropped, another one is <c>&lt;*&gt;</c>.
    /// </summary>
    private static string Normalize(string key, char separator)
    {
        var parts = separator == ':' ? key.Split(':') : key.Split("__");
        var normal = parts.Select(p => p.StartsWith('<') || p.All(char.IsAsciiDigit) ? "<*>" : p).ToList();
        if (separator != ':' && parts[^1].All(char.IsAsciiDigit))
        {
            normal.RemoveAt(normal.Count - 1);
        }

        return string.Join(':', normal);
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Backticked();

    [GeneratedRegex(@"^#?\s*([A-Za-z][A-Za-z0-9_<>]*)=")]
    private static partial Regex EnvLine();

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex ComposeVariable();
}
