namespace ContainerLease.Tests.Deployment;

/// <summary>
/// The base images of scripts/local-images.sh (made from Debian's packages, since no registry
/// answers here) and the app image built on them from the repository's Dockerfile.
/// </summary>
public static class LocalImages
{
    /// <summary>The bases as SDK_IMAGE, RUNTIME_IMAGE, NODE_IMAGE and REDIS_IMAGE; made once per machine, then reused.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> BasesAsync(string repo)
    {
        var made = await Command.RunAsync("bash", ["scripts/local-images.sh"], repo, TimeSpan.FromMinutes(10));
        Assert.True(made.Succeeded, $"Making the local base images failed (scripts/setup.sh --compose installs what they need).\n{made.Describe()}");
        return made.Output.Split('\n')
            .Select(line => line.Trim().Split('=', 2))
            .Where(pair => pair.Length == 2 && pair[0].EndsWith("_IMAGE", StringComparison.Ordinal))
            .ToDictionary(pair => pair[0], pair => pair[1]);
    }

    /// <summary>
    /// Builds the Dockerfile self-contained on the local bases. The build stage fetches from
    /// NuGet and npm, so it uses the host's network; Docker's cache makes a rebuild of the
    /// same sources take seconds. Returns the build stage's last image, if the output names it.
    /// </summary>
    public static async Task<string?> BuildAppAsync(string repo, IReadOnlyDictionary<string, string> bases, string tag)
    {
        var built = await Command.RunAsync("docker",
        [
            "build", "--force-rm", "--network", "host", "--build-arg", $"SDK_IMAGE={bases["SDK_IMAGE"]}",
            "--build-arg", $"RUNTIME_IMAGE={bases["RUNTIME_IMAGE"]}", "--build-arg", $"NODE_IMAGE={bases["NODE_IMAGE"]}",
            "--build-arg", "SELF_CONTAINED=true",
            "-t", tag, ".",
        ], repo, TimeSpan.FromMinutes(15));
        Assert.True(built.Succeeded, $"Building the app image from the Dockerfile failed.\n{built.Describe(80)}");
        return BuildStageImage(built.Output);
    }

    /// <summary>
    /// Docker's classic builder keeps each stage's images as its cache. The build stage's last
    /// one (the publish) is new for every change of the sources and ~250 MB; the test removes it
    /// and keeps its parents (the NuGet restore), so runs reuse the cache without piling up.
    /// </summary>
    private static string? BuildStageImage(string output)
    {
        var lines = output.Split('\n');
        var finalStage = Array.FindLastIndex(lines, l => l.StartsWith("Step ", StringComparison.Ordinal) && l.Contains(" : FROM ", StringComparison.Ordinal));
        return lines.Take(Math.Max(finalStage, 0))
            .Select(l => l.StartsWith(" ---> ", StringComparison.Ordinal) ? l[6..].Trim() : string.Empty)
            .LastOrDefault(id => id.Length == 12 && id.All(char.IsAsciiHexDigitLower));
    }
}
