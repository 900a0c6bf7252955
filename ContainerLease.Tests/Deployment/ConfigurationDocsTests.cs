using System.Reflection;
using ContainerLease.Domain.Policy;

namespace ContainerLease.Tests.Deployment;

/// <summary>
/// README.md's configuration table, .env.example and the settings the app binds stay in step:
/// a setting added to an options class, or a typo in the docs, fails here.
/// </summary>
public sealed class ConfigurationDocsTests
{
    /// <summary>Settings read without an options class.</summary>
    private static readonly string[] ReadDirectly = ["ConnectionStrings:Redis"];

    [Fact]
    public void OptionsClasses_AreFoundWithTheirSections()
    {
        Assert.Superset(new HashSet<string>(["Api", "Auth", "Catalog", "Docker", "Jobs", "Leases", "RateLimits"]), Sections().Keys.ToHashSet());
    }

    [Fact]
    public void ReadmeTable_ListsEverySettingTheAppReads()
    {
        AssertSame(AppKeys(), ConfigurationDocs.ReadmeKeys(), "read by the app (its options classes)", "in README.md's configuration table");
    }

    [Fact]
    public void EnvExample_ListsEverySettingOfTheReadmeTable()
    {
        AssertSame(ConfigurationDocs.ReadmeKeys(), ConfigurationDocs.EnvExampleKeys(), "in README.md's configuration table", "in .env.example as Section__Key");
    }

    [Fact]
    public void EnvExample_ListsEveryVariableOfTheComposeFile()
    {
        var names = ConfigurationDocs.EnvExampleNames().ToHashSet(StringComparer.Ordinal);
        var missing = ConfigurationDocs.ComposeVariables().Where(v => !names.Contains(v)).ToList();
        Assert.True(missing.Count == 0, $"docker-compose.yml uses variables that .env.example does not document: {string.Join(", ", missing)}");
    }

    private static SortedSet<string> AppKeys()
    {
        var sections = Sections();
        var keys = new SortedSet<string>(ReadDirectly, StringComparer.Ordinal);
        foreach (var (section, type) in sections)
        {
            keys.UnionWith(ConfigurationDocs.KeysOf(section, type));
        }

        return keys;
    }

    /// <summary>Options classes of the app: those with a <c>Section</c> or <c>SectionName</c> constant.</summary>
    private static Dictionary<string, Type> Sections() =>
        new[] { typeof(Program).Assembly, typeof(LeaseOptions).Assembly }
            .SelectMany(a => a.GetTypes())
            .Select(t => (Type: t, Field: t.GetField("Section", BindingFlags.Public | BindingFlags.Static) ?? t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)))
            .Where(x => x.Field is { IsLiteral: true } && x.Field.FieldType == typeof(string))
            .ToDictionary(x => (string)x.Field!.GetRawConstantValue()!, x => x.Type, StringComparer.Ordinal);

    private static void AssertSame(IReadOnlySet<string> expected, IReadOnlySet<string> actual, string expectedWhere, string actualWhere)
    {
        var missing = expected.Except(actual).ToList();
        var extra = actual.Except(expected).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"Settings {expectedWhere} but not {actualWhere}: [{string.Join(", ", missing)}]\n"
            + $"Settings {actualWhere} but not {expectedWhere}: [{string.Join(", ", extra)}]\n"
            + "(<*> stands for a dictionary key such as <id> or <name>; a list of values is one key.)");
    }
}
