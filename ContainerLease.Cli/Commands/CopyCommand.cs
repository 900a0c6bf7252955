using System.CommandLine;

namespace ContainerLease.Cli.Commands;

/// <summary><c>cp ./local ID:/path</c> uploads, <c>cp ID:/path ./local</c> downloads (a folder comes as a tar).</summary>
public static class CopyCommand
{
    public static Command Create(Cli cli)
    {
        var source = new Argument<string>("source") { Description = "A local file, or ID:/path in a lease." };
        var target = new Argument<string>("target") { Description = "ID:/path in a lease, or a local file or folder." };
        var command = new Command("cp", "Copy a file into a lease's container, or a file (a folder as .tar) out of it.") { source, target };
        command.SetAction(cli.Run(async (parse, api, ct) =>
        {
            var from = parse.GetValue(source)!;
            var to = parse.GetValue(target)!;
            return (Remote(from), Remote(to)) switch
            {
                (null, { } remote) => await UploadAsync(api, from, remote, parse.GetValue(cli.Json), ct),
                ({ } remote, null) => await DownloadAsync(api, remote, to, ct),
                _ => throw new CliException("Give one side as ID:/path in a lease and the other as a local path.", CliException.Usage),
            };
        }));
        return command;
    }

    private static async Task<int> UploadAsync(ApiClient api, string local, (string Id, string Path) remote, bool json, CancellationToken ct)
    {
        if (!File.Exists(local))
        {
            throw new CliException($"{local}: no such file.", CliException.Usage);
        }

        var path = remote.Path.EndsWith('/') ? remote.Path + Path.GetFileName(local) : remote.Path;
        await using var file = File.OpenRead(local);
        var written = await api.PutBytesAsync(FilesPath(remote.Id, path), file, ct);
        Console.WriteLine(json ? Json.Pretty(written) : $"{written.Text("path")} ({written.Number("bytes")} bytes)");
        return 0;
    }

    private static async Task<int> DownloadAsync(ApiClient api, (string Id, string Path) remote, string local, CancellationToken ct)
    {
        using var response = await api.GetStreamAsync(FilesPath(remote.Id, remote.Path), ct);
        var name = response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"')
            ?? Path.GetFileName(remote.Path.TrimEnd('/'));
        var path = local == "-" ? null : Directory.Exists(local) ? Path.Combine(local, Path.GetFileName(name)) : local;
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        if (path is null)
        {
            await using var stdout = Console.OpenStandardOutput();
            await body.CopyToAsync(stdout, ct);
            return 0;
        }

        await using (var file = File.Create(path))
        {
            await body.CopyToAsync(file, ct);
        }

        Console.WriteLine($"{path} ({new FileInfo(path).Length} bytes)");
        return 0;
    }

    /// <summary>ID:/path, where the path is absolute; a local path (./a:b, /x:y) is not one.</summary>
    private static (string Id, string Path)? Remote(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && colon + 1 < text.Length && text[colon + 1] == '/' && !text[..colon].Contains('/', StringComparison.Ordinal)
            ? (text[..colon], text[(colon + 1)..])
            : null;
    }

    private static string FilesPath(string id, string path) => LeaseActions.Path(id, "files") + "?path=" + Uri.EscapeDataString(path);
}
