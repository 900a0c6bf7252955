using System.Globalization;

namespace ContainerLease.Bench;

internal static class Stats
{
    public static double Percentile(IReadOnlyList<double> samples, double p)
    {
        var sorted = samples.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }

    public static string Ms(double value) => value.ToString("0.0", CultureInfo.InvariantCulture) + " ms";

    public static void PrintRow(string name, IReadOnlyList<double> samples) =>
        Console.WriteLine($"  {name,-34} n={samples.Count,-4} median {Ms(Percentile(samples, 50)),10}   p99 {Ms(Percentile(samples, 99)),10}   max {Ms(samples.Max()),10}");
}
