using System.CommandLine;
using System.Text.Json;

namespace ContainerLease.Cli.Commands;

/// <summary><c>extend</c>, <c>rm</c>, <c>pause</c>, <c>resume</c> and <c>revoke-links</c>: one request each on one lease.</summary>
public static class LeaseActions
{
    public static Command Extend(Cli cli)
    {
        var id = Cli.LeaseId();
        var by = new Argument<string>("duration") { Description = "How much longer: 30s, 15m, 2h." };
        var command = new Command("extend", "Move the lease's expiry later, within the maximum counted from its creation.") { id, by };
        command.SetAction(cli.Run(async (parse, api, ct) =>
        {
            var seconds = Durations.ToSeconds(parse.GetValue(by)!);
            var lease = await api.PostAsync(Path(parse.GetValue(id)!, "extend"), new { durationSeconds = seconds }, ct);
            Print(cli, parse, lease, $"expires {ListCommands.Local(lease.GetProperty("expiresAt").GetDateTimeOffset())} ({Output.Span(lease.Number("remainingSeconds") ?? 0)} left)");
            return 0;
        }));
        return command;
    }

    public static Command Remove(Cli cli) => cli.OnLease("rm", "End the lease now and remove its container.", async (parse, api, id, ct) =>
    {
        await api.DeleteAsync(Path(id, null), ct);
        Console.WriteLine(id);
        return 0;
    });

    public static Command Pause(Cli cli) => Toggle(cli, "pause", "Freeze the container's processes; the lease's clock runs on.");

    public static Command Resume(Cli cli) => Toggle(cli, "resume", "Let the container's processes run on from where they stopped.");

    public static Command RevokeLinks(Cli cli) => cli.OnLease("revoke-links", "Stop every link to the lease's ports made so far, shared ones too; the lease goes on.", async (parse, api, id, ct) =>
    {
        var lease = await api.PostAsync(Path(id, "ports/revoke-links"), null, ct);
        Print(cli, parse, lease, $"links made until {ListCommands.Local(lease.GetProperty("linksRevokedAt").GetDateTimeOffset())} revoked");
        return 0;
    });

    private static Command Toggle(Cli cli, string verb, string description) => cli.OnLease(verb, description, async (parse, api, id, ct) =>
    {
        var lease = await api.PostAsync(Path(id, verb), null, ct);
        Print(cli, parse, lease, Output.Status(lease.Text("status")!));
        return 0;
    });

    public static string Path(string id, string? action) =>
        $"api/leases/{Uri.EscapeDataString(id)}" + (action is null ? string.Empty : "/" + action);

    private static void Print(Cli cli, ParseResult parse, JsonElement lease, string words) =>
        Console.WriteLine(parse.GetValue(cli.Json) ? Json.Pretty(lease) : $"{lease.Text("leaseId")} {words}");
}
