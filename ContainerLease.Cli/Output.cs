namespace ContainerLease.Cli;

/// <summary>What the commands print: tables as <c>docker ps</c> lays them out, colour only on a terminal and never under NO_COLOR.</summary>
public static class Output
{
    public static bool Colour { get; } =
        !Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));

    public static string Paint(string text, string code) => Colour ? $"\u001b[{code}m{text}\u001b[0m" : text;

    public static string Red(string text) => Paint(text, "31");

    public static string Status(string status) => status switch
    {
        "active" => Paint(status, "32"),
        "paused" or "ending" => Paint(status, "33"),
        _ => Paint(status, "2"),
    };

    /// <summary>Columns padded to their widest cell (colour codes not counted), two spaces apart.</summary>
    public static void Table(TextWriter writer, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = new List<IReadOnlyList<string>> { headers };
        all.AddRange(rows);
        var widths = headers.Select((_, i) => all.Max(r => Visible(r[i]).Length)).ToArray();
        foreach (var row in all)
        {
            var cells = row.Select((cell, i) => i == row.Count - 1 ? cell : cell + new string(' ', widths[i] - Visible(cell).Length));
            writer.WriteLine(string.Join("  ", cells).TrimEnd());
        }
    }

    /// <summary>A span as <c>1h2m3s</c>, <c>4m5s</c> or <c>6s</c>.</summary>
    public static string Span(long seconds)
    {
        if (seconds <= 0)
        {
            return "0s";
        }

        var span = TimeSpan.FromSeconds(seconds);
        return span.TotalHours >= 1 ? $"{(int)span.TotalHours}h{span.Minutes}m{span.Seconds}s"
            : span.TotalMinutes >= 1 ? $"{span.Minutes}m{span.Seconds}s"
            : $"{span.Seconds}s";
    }

    private static string Visible(string cell) =>
        System.Text.RegularExpressions.Regex.Replace(cell, "\u001b\\[[0-9;]*m", string.Empty);
}
