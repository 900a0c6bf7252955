using System.Globalization;

namespace ContainerLease.Domain.Files;

/// <summary>
/// Who an uploaded file belongs to: the user the container's process runs as (the catalog entry's
/// <c>User</c>), so that a process that is not root can read and write what was uploaded for it.
/// Names are looked up in the image's own <c>/etc/passwd</c> and <c>/etc/group</c>, as the engine
/// does when it starts the process.
/// </summary>
public readonly record struct FileOwner(int Uid, int Gid)
{
    public static FileOwner Root { get; } = new(0, 0);

    /// <summary>Whether <paramref name="user"/> names anyone by name, or a uid without its group, so that the image's user database must be read.</summary>
    public static bool NeedsUserDatabase(string? user)
    {
        if (string.IsNullOrEmpty(user))
        {
            return false;
        }

        var (name, group) = Split(user);
        return Number(name) is null || group is null || Number(group) is null;
    }

    /// <summary>
    /// The owner for <paramref name="user"/> (<c>name</c>, <c>uid</c>, or either with <c>:group</c> or
    /// <c>:gid</c>); null when a name is not in the files. A uid without a group takes its passwd
    /// entry's group, or 0 when it has none, as the engine does.
    /// </summary>
    public static FileOwner? Resolve(string? user, string passwd, string groups)
    {
        if (string.IsNullOrEmpty(user))
        {
            return Root;
        }

        var (name, group) = Split(user);
        var entry = Entries(passwd).FirstOrDefault(e => e.Length >= 4 && (e[0] == name || e[2] == name));
        var uid = Number(name) ?? (entry is null ? null : Number(entry[2]));
        var gid = group is null
            ? (entry is null ? 0 : Number(entry[3]))
            : Number(group) ?? Entries(groups).Where(e => e.Length >= 3 && e[0] == group).Select(e => Number(e[2])).FirstOrDefault();
        return uid is { } u && gid is { } g ? new FileOwner(u, g) : null;
    }

    private static (string Name, string? Group) Split(string user)
    {
        var colon = user.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? (user, null) : (user[..colon], user[(colon + 1)..]);
    }

    private static IEnumerable<string[]> Entries(string file) =>
        file.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !line.StartsWith('#'))
            .Select(line => line.Split(':'));

    private static int? Number(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;
}
