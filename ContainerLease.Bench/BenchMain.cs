using System.Globalization;

namespace ContainerLease.Bench;

/// <summary>
/// <c>dotnet run --project ContainerLease.Bench -c Release -- [provision] [--iterations N]</c>.
/// A named entry point: the app's own top-level <c>Program</c> is the one the benchmarks host.
/// </summary>
internal static class BenchMain
{
    public static async Task<int> Main(string[] args)
    {
        var iterations = args.SkipWhile(a => a != "--iterations").Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(30);
        var which = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal) && !int.TryParse(a, CultureInfo.InvariantCulture, out _)) ?? "provision";

        switch (which)
        {
            case "provision":
                await ProvisionBenchmark.RunAsync(iterations);
                return 0;
            default:
                await Console.Error.WriteLineAsync($"Unknown benchmark '{which}'. Known: provision.");
                return 2;
        }
    }
}
