using System.Globalization;

namespace ContainerLease.Bench;

/// <summary>
/// <c>dotnet run --project ContainerLease.Bench -c Release -- [provision|reap|reap-burst|logs|list|memory|exec|files|proxy] [--iterations N]</c>
/// (<c>provision --runtime swarm</c>: docker mode against swarm mode, with <c>BENCH_SWARM_MANAGER</c> set);
/// for <c>reap</c> and <c>reap-burst</c>, N is the number of leases (100 by default), for <c>memory</c> too (200, with 50 viewers); for <c>list</c>, the requests per installation (500); for <c>exec</c>, the commands each way (100), then 300 keystrokes through a terminal; for <c>files</c>, the 64 MiB uploads each way (5); for <c>proxy</c>, the requests each way (1000), then 16 clients for 5 s each way.
/// A named entry point: the app's own top-level <c>Program</c> is the one the benchmarks host.
/// </summary>
internal static class BenchMain
{
    public static async Task<int> Main(string[] args)
    {
        var iterations = args.SkipWhile(a => a != "--iterations").Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(0);
        var which = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal) && !int.TryParse(a, CultureInfo.InvariantCulture, out _)) ?? "provision";

        switch (which)
        {
            case "provision" when args.SkipWhile(a => a != "--runtime").Skip(1).FirstOrDefault() == "swarm":
                await SwarmBenchmark.RunAsync(iterations > 0 ? iterations : 30, reapLeases: 20);
                return 0;
            case "provision":
                await ProvisionBenchmark.RunAsync(iterations > 0 ? iterations : 30, pool: args.Contains("--pool"));
                if (args.Contains("--pool"))
                {
                    await PoolBenchmark.RunAsync(5);
                }

                return 0;
            case "logs":
                await LogsBenchmark.RunAsync();
                return 0;
            case "reap":
                await ReapLagBenchmark.RunAsync(iterations > 0 ? iterations : 100);
                return 0;
            case "reap-burst":
                await ReapLagBenchmark.RunBurstAsync(iterations > 0 ? iterations : 100);
                return 0;
            case "memory":
                await MemoryBenchmark.RunAsync(leases: iterations > 0 ? iterations : 200, viewers: 50);
                return 0;
            case "exec":
                await ExecBenchmark.RunAsync(iterations > 0 ? iterations : 100);
                await TerminalBenchmark.RunAsync(300);
                return 0;
            case "files":
                await FilesBenchmark.RunAsync(iterations > 0 ? iterations : 5);
                return 0;
            case "proxy":
                await ProxyBenchmark.RunAsync(iterations > 0 ? iterations : 1000);
                return 0;
            case "list":
                await ListBenchmark.RunAsync(iterations > 0 ? iterations : 500);
                return 0;
            default:
                await Console.Error.WriteLineAsync($"Unknown benchmark '{which}'. Known: provision, reap, reap-burst, logs, list, memory, exec, files, proxy.");
                return 2;
        }
    }
}
