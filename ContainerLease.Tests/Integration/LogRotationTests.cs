using System.Net;
using System.Net.Http.Json;
using ContainerLease.Mvc.Live;
using ContainerLease.Tests.Integration.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace ContainerLease.Tests.Integration;

/// <summary>
/// A viewer following a container whose log rotates while it reads. Docker 20.10's json-file
/// follow reads part of a rotated file again, and can skip part of one: the viewer must still
/// see each line at most once, in order, and keep following to the end. (The skipped lines are
/// the engine's loss; a bare `docker logs -f` loses them too.) Under load the engine's follow can
/// also stall at a rotation for good (moby#23913): the app then opens it again from the last line
/// sent, after <c>Logs:StallTimeout</c>, so the viewer always gets the last line.
/// </summary>
public sealed class LogRotationTests : PrivateApp
{
    private const int Lines = 60_000;

    protected override void Configure(Dictionary<string, string?> settings)
    {
        // About 4 MB of log in 1 MB files, all kept: rotations under way while the viewer follows.
        settings["Docker:LogMaxSizeMb"] = "1";
        settings["Docker:LogMaxFiles"] = "8";
        settings["Logs:StallTimeout"] = "00:00:02";
        settings["Catalog:Images:rotating:Image"] = TestSettings.Image;
        settings["Catalog:Images:rotating:Command:0"] = "sh";
        settings["Catalog:Images:rotating:Command:1"] = "-c";
        settings["Catalog:Images:rotating:Command:2"] = $"sleep 2; i=0; while [ $i -lt {Lines} ]; do i=$((i+1)); echo \"line $i\"; done; sleep 3600";
    }

    [Fact]
    public async Task AViewerFollowingThroughRotations_SeesEachLineAtMostOnce_InOrder_AndTheLastLine()
    {
        using var client = App.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/provision", new { imageType = "rotating", durationSeconds = 120 });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var lease = (await response.Content.ReadFromJsonAsync<LeaseResponse>())!;
        await using var hub = App.Hub(LogsHub.Path);
        await hub.StartAsync();

        var numbers = new List<int>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await foreach (var item in hub.StreamAsync<LogItem>("StreamLogs", lease.LeaseId, null, 0, timeout.Token))
        {
            if (item.Stream == "stdout")
            {
                numbers.Add(int.Parse(item.Message["line ".Length..], System.Globalization.CultureInfo.InvariantCulture));
                if (numbers[^1] == Lines)
                {
                    break;
                }
            }
        }

        Assert.Equal(Lines, numbers[^1]);
        Assert.NotEmpty(numbers);
        var repeats = numbers.Count - numbers.Distinct().Count();
        Assert.True(repeats == 0, $"{repeats} lines arrived more than once");
        Assert.True(numbers.SequenceEqual(numbers.Order()), "the lines arrived out of order");
    }
}
