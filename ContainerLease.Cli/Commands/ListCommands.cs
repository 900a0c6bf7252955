using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace ContainerLease.Cli.Commands;

/// <summary><c>ls</c> and <c>show</c>: the leases as a table, one lease in full.</summary>
public static class ListCommands
{
    private const int PageSize = 200;

    public static Command Ls(Cli cli)
    {
        var command = new Command("ls", "Your active leases (an admin's: everyone's), soonest expiry first.");
        command.SetAction(cli.Run(async (parse, api, ct) =>
        {
            var leases = new List<JsonElement>();
            for (var page = 1; ; page++)
            {
                var answer = await api.GetAsync($"api/containers?page={page}&pageSize={PageSize}", ct);
                leases.AddRange(answer.GetProperty("items").EnumerateArray().Select(l => l.Clone()));
                if (leases.Count >= answer.GetProperty("total").GetInt64() || answer.GetProperty("items").GetArrayLength() == 0)
                {
                    break;
                }
            }

            if (parse.GetValue(cli.Json))
            {
                Console.WriteLine(JsonSerializer.Serialize(leases, Json.Options));
                return 0;
            }

            Output.Table(Console.Out, ["LEASE ID", "IMAGE", "OWNER", "EXPIRES", "REMAINING", "STATUS"], leases.Select(l => (IReadOnlyList<string>)
            [
                l.Text("leaseId")!,
                l.Text("imageType")!,
                l.Text("owner")!,
                Local(l.GetProperty("expiresAt").GetDateTimeOffset()),
                Output.Span(l.Number("remainingSeconds") ?? 0),
                Output.Status(l.Text("status")!),
            ]));
            return 0;
        }));
        return command;
    }

    public static Command Show(Cli cli) => cli.OnLease("show", "One lease in full: its container's state and health, its ports and its history.", async (parse, api, id, ct) =>
    {
        var lease = await api.GetAsync(LeaseActions.Path(id, null), ct);
        if (parse.GetValue(cli.Json))
        {
            Console.WriteLine(Json.Pretty(lease));
        }
        else
        {
            Print(lease);
        }

        return 0;
    });

    /// <summary>A lease as <c>name: value</c> lines, then its ports and history.</summary>
    public static void Print(JsonElement lease)
    {
        void Line(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                Console.WriteLine($"{name,-11} {value}");
            }
        }

        Line("lease", lease.Text("leaseId"));
        Line("image", lease.Text("imageType"));
        Line("owner", lease.Text("owner"));
        Line("status", Output.Status(lease.Text("status") ?? "?"));
        Line("created", Local(lease.GetProperty("createdAt").GetDateTimeOffset()));
        Line("expires", $"{Local(lease.GetProperty("expiresAt").GetDateTimeOffset())} ({Output.Span(lease.Number("remainingSeconds") ?? 0)} left)");
        Line("ended", lease.Text("endedAt") is { } ended ? $"{Local(DateTimeOffset.Parse(ended, CultureInfo.InvariantCulture))} ({lease.Text("endReason")})" : null);
        Line("container", lease.Text("containerState"));
        Line("health", lease.Text("health"));
        if (lease.TryGetProperty("urls", out var urls) && urls.ValueKind == JsonValueKind.Object)
        {
            foreach (var port in urls.EnumerateObject())
            {
                Line("port " + port.Name, port.Value.GetString());
            }
        }

        if (lease.TryGetProperty("history", out var history) && history.ValueKind == JsonValueKind.Array)
        {
            Console.WriteLine("history");
            foreach (var entry in history.EnumerateArray())
            {
                var at = entry.TryGetProperty("at", out var when) ? Local(when.GetDateTimeOffset()) : string.Empty;
                Console.WriteLine($"  {at}  {entry.Text("kind")}  {entry.Text("detail")}".TrimEnd());
            }
        }
    }

    public static string Local(DateTimeOffset at) => at.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
