using System.CommandLine;
using System.Globalization;

namespace ContainerLease.Cli.Commands;

public static class ImagesCommand
{
    public static Command Create(Cli cli)
    {
        var command = new Command("images", "The catalog: the images you may lease, with their limits and their state on the server (ready, pulling, failed, missing).");
        command.SetAction(cli.Run(async (parse, api, ct) =>
        {
            var catalog = await api.GetAsync("api/images", ct);
            if (parse.GetValue(cli.Json))
            {
                Console.WriteLine(Json.Pretty(catalog));
                return 0;
            }

            var rows = catalog.GetProperty("images").EnumerateArray().Select(i => (IReadOnlyList<string>)
            [
                i.Text("id")!,
                i.GetProperty("memoryMb").GetInt32().ToString(CultureInfo.InvariantCulture) + " MB",
                i.GetProperty("cpus").GetDouble().ToString(CultureInfo.InvariantCulture),
                string.Join(",", i.GetProperty("ports").EnumerateArray().Select(p => p.GetInt32())),
                State(i),
                i.Text("description") ?? string.Empty,
            ]);
            Output.Table(Console.Out, ["IMAGE", "MEMORY", "CPUS", "PORTS", "STATE", "DESCRIPTION"], rows);
            Console.WriteLine($"Leases last {Output.Span(catalog.Number("minimumDurationSeconds") ?? 0)} to {Output.Span(catalog.Number("maximumDurationSeconds") ?? 0)}.");
            return 0;
        }));
        return command;
    }

    /// <summary>The image's state in a word, with a pull's percent: <c>pulling 42%</c>. A server from before states says nothing.</summary>
    private static string State(System.Text.Json.JsonElement image) =>
        image.TryGetProperty("state", out var state) ? (state.Text("status"), state.Number("percent")) switch
        {
            ("pulling", { } percent) => string.Create(CultureInfo.InvariantCulture, $"pulling {percent}%"),
            (var status, _) => status ?? string.Empty,
        } : string.Empty;
}
