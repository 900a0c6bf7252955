using System.CommandLine;
using System.Text.Json;

namespace ContainerLease.Cli.Commands;

public static class LeaseCommand
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    public static Command Create(Cli cli)
    {
        var image = new Argument<string>("image") { Description = "An image id from `containerlease images`." };
        var duration = new Option<string>("--for") { Description = "How long: 30s, 15m, 2h.", Required = true };
        var waitHealthy = new Option<bool>("--wait-healthy") { Description = "Return once the container's health check passes (or it runs, for an image without one), after its image pull if it waits for one." };
        var command = new Command("lease", "Lease a container; prints the lease's id.") { image, duration, waitHealthy };
        command.SetAction(cli.Run(async (parse, api, ct) =>
        {
            var seconds = Durations.ToSeconds(parse.GetValue(duration)!);
            var lease = await api.PostAsync("api/provision", new { imageType = parse.GetValue(image), durationSeconds = seconds }, ct);
            if (parse.GetValue(waitHealthy))
            {
                lease = await WaitHealthyAsync(api, lease.Text("leaseId")!, ct);
            }

            Console.WriteLine(parse.GetValue(cli.Json) ? Json.Pretty(lease) : lease.Text("leaseId"));
            return 0;
        }));
        return command;
    }

    /// <summary>Asks for the lease until its container is healthy (or running, without a health check); unhealthy or ended is an error.</summary>
    private static async Task<JsonElement> WaitHealthyAsync(ApiClient api, string id, CancellationToken ct)
    {
        while (true)
        {
            var lease = await api.GetAsync($"api/leases/{Uri.EscapeDataString(id)}", ct);
            var health = lease.Text("health");
            var status = lease.Text("status");
            if (status == "pulling")
            {
                // Its image is still being pulled (Catalog:WaitForPull): its container has not started yet.
                await Task.Delay(PollInterval, ct);
                continue;
            }

            if (status is not ("active" or "paused"))
            {
                throw new CliException($"Lease {id} ended ({lease.Text("endReason") ?? status}) before it was healthy.");
            }

            if (health == "healthy" || (health is null && lease.Text("containerState") == "running"))
            {
                return lease;
            }

            if (health == "unhealthy")
            {
                throw new CliException($"Lease {id}'s container is unhealthy: its health check failed.");
            }

            await Task.Delay(PollInterval, ct);
        }
    }
}
