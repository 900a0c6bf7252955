using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContainerLease.Mvc.Live;
using ContainerLease.Tests.Integration.Infrastructure;
using Docker.DotNet.Models;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ContainerLease.Tests.Integration;

/// <summary>
/// Commands in a leased container, through the API and the exec hub, on the real engine: what
/// they print and how they end, their timeout (nothing they started is left, as <c>docker top</c>
/// shows), and every way a request is refused without running anything.
/// </summary>
public sealed class ExecTests : PrivateApp
{
    private const string AnyLease = "0123456789abcdef0123456789abcdef";
    private const int MaxOutputBytes = 64 * 1024;

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Exec:MaxOutputBytes"] = MaxOutputBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Exec:MaxTimeout"] = "00:01:00";
        settings["Exec:MaxStreamsPerUser"] = "2";
        settings["Api:MaxRequestBodyBytes"] = "4194304";
        foreach (var entry in new List<string> { "noexec", "nobody" })
        {
            settings[$"Catalog:Images:{entry}:Image"] = TestSettings.Image;
            settings[$"Catalog:Images:{entry}:Command:0"] = "sleep";
            settings[$"Catalog:Images:{entry}:Command:1"] = "3600";
        }

        settings["Catalog:Images:noexec:Exec"] = "false";
        settings["Catalog:Images:nobody:User"] = "65534:65534";
    }

    [Fact]
    public async Task Exec_AnswersTheExitCode_WithStdoutAndStderrApart_AndRecordsIt()
    {
        var lease = await ProvisionAsync();

        var (status, result) = await ExecAsync(lease, new { command = Cmd("sh", "-c", "echo out; echo err >&2; exit 3") });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(3, result.GetProperty("exitCode").GetInt32());
        Assert.Equal("out\n", result.GetProperty("stdout").GetString());
        Assert.Equal("err\n", result.GetProperty("stderr").GetString());
        Assert.False(result.GetProperty("timedOut").GetBoolean());
        Assert.False(result.GetProperty("truncated").GetBoolean());
        Assert.InRange(result.GetProperty("durationMs").GetInt64(), 1, 30_000);
        var entry = (await HistoryAsync(lease))[^1];
        Assert.Equal("exec", entry.Kind);
        Assert.StartsWith("by alice: sh -c 'echo out; echo err >&2; exit 3' (exit 3 in ", entry.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exec_NeverLogsWhatTheCommandReadOrPrinted()
    {
        var lease = await ProvisionAsync();

        await ExecAsync(lease, new { command = Cmd("sh", "-c", "cat; echo printed-$((6*7)) >&2"), stdin = "input-only-the-command-sees" });

        var log = await ReadLogAsync();
        Assert.Contains($"alice ran a command in lease {lease.LeaseId}: exit 0", log, StringComparison.Ordinal);
        Assert.DoesNotContain("input-only-the-command-sees", log, StringComparison.Ordinal);
        Assert.DoesNotContain("printed-42", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exec_WritesStdin_AndReadsOutputMeanwhile_SoALargeInputCannotStall()
    {
        var lease = await ProvisionAsync();
        var big = new string('x', 3 * 1024 * 1024);

        var (_, small) = await ExecAsync(lease, new { command = Cmd("cat"), stdin = "héllo\nwörld ✓" });
        var (_, large) = await ExecAsync(lease, new { command = Cmd("cat"), stdin = big, timeoutSeconds = 30 });

        Assert.Equal("héllo\nwörld ✓", small.GetProperty("stdout").GetString());
        Assert.Equal(0, large.GetProperty("exitCode").GetInt32());
        Assert.False(large.GetProperty("timedOut").GetBoolean());
        Assert.True(large.GetProperty("truncated").GetBoolean());
        Assert.Equal(MaxOutputBytes, large.GetProperty("stdout").GetString()!.Length);
    }

    [Fact]
    public async Task Exec_CapsEachStream_AndSaysItWasTruncated()
    {
        var lease = await ProvisionAsync();

        var (_, result) = await ExecAsync(lease, new { command = Cmd("sh", "-c", "head -c 500000 /dev/zero | tr '\\0' a; echo done >&2") });

        Assert.Equal(0, result.GetProperty("exitCode").GetInt32());
        Assert.True(result.GetProperty("truncated").GetBoolean());
        Assert.Equal(new string('a', MaxOutputBytes), result.GetProperty("stdout").GetString());
        Assert.Equal("done\n", result.GetProperty("stderr").GetString());
    }

    public static TheoryData<string, string[]> Sleepers => new()
    {
        { "sleeper", ["sleep", "300"] },
        { "sleeper", ["sh", "-c", "echo started; sleep 300 & sleep 300"] },
        { "nobody", ["sh", "-c", "sleep 300 & sleep 300 & wait"] },
        { "sleeper", ["sh", "-c", "exec >/dev/null 2>&1; sleep 300"] },
    };

    [Theory]
    [MemberData(nameof(Sleepers))]
    public async Task Exec_PastItsTimeout_AnswersThenAndNotWhenTheCommandWouldEnd_AndLeavesNoProcessBehind(string imageType, string[] command)
    {
        var lease = await ProvisionAsync(imageType);
        var clock = Stopwatch.StartNew();

        var (status, result) = await ExecAsync(lease, new { command, timeoutSeconds = 2 });

        clock.Stop();
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(result.GetProperty("timedOut").GetBoolean());
        Assert.Equal(137, result.GetProperty("exitCode").GetInt32());
        // Not a speed check (shared machines are noisy; `scripts/bench.sh exec` measures it): the
        // answer comes at the timeout plus the kill, never after the 300 s the command would take.
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30));
        Assert.Equal(command.Contains("echo started; sleep 300 & sleep 300") ? "started\n" : string.Empty, result.GetProperty("stdout").GetString());
        Assert.Empty(await ProcessesAsync(lease, "sleep 300"));
        Assert.Contains("timed out after", (await HistoryAsync(lease))[^1].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exec_ThatUsedUpTheProcessLimit_CannotBeKilled_AndSaysSoInsteadOfAnExitCode()
    {
        // The sleeper entry allows 16 processes: the loop takes every one left, so the engine cannot start the kill.
        var lease = await ProvisionAsync();

        var clock = Stopwatch.StartNew();

        var (status, result) = await ExecAsync(lease, new { command = Cmd("sh", "-c", "for i in $(seq 30); do sleep 300 & done; wait"), timeoutSeconds = 2 });

        clock.Stop();
        Assert.Equal(HttpStatusCode.OK, status);
        // Not a speed check (shared machines are noisy; `scripts/bench.sh exec` measures it): the
        // answer comes at the timeout plus the kill, never after the 300 s the command would take.
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30));
        Assert.True(result.GetProperty("timedOut").GetBoolean());
        Assert.Equal(JsonValueKind.Null, result.GetProperty("exitCode").ValueKind);
        Assert.Contains("could not be stopped", (await HistoryAsync(lease))[^1].Detail, StringComparison.Ordinal);
        Assert.Contains("may still run", await ReadLogAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exec_OfAProgramTheImageLacks_Answers200WithTheEnginesExitCodeAndMessageOnStderr()
    {
        var lease = await ProvisionAsync();

        var (status, result) = await ExecAsync(lease, new { command = Cmd("no-such-program", "--help") });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.InRange(result.GetProperty("exitCode").GetInt32(), 126, 127);
        Assert.Equal(string.Empty, result.GetProperty("stdout").GetString());
        Assert.Contains("\"no-such-program\": executable file not found", result.GetProperty("stderr").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exec_OnAnotherUsersLease_Answers404ExactlyAsAMissingOne_AndRunsNothing()
    {
        var lease = await ProvisionAsync();
        using var bob = App.CreateClient().As(TestUsers.Bob);

        using var others = await bob.PostAsJsonAsync($"/api/leases/{lease.LeaseId}/exec", new { command = Cmd("touch", "/tmp/bob-was-here") });
        using var missing = await bob.PostAsJsonAsync($"/api/leases/{AnyLease}/exec", new { command = Cmd("touch", "/tmp/bob-was-here") });

        var other = (await LeaseApi.AssertProblemAsync(others, HttpStatusCode.NotFound)).GetProperty("detail").GetString()!;
        var unknown = (await LeaseApi.AssertProblemAsync(missing, HttpStatusCode.NotFound)).GetProperty("detail").GetString()!;
        Assert.Equal(unknown.Replace(AnyLease, lease.LeaseId, StringComparison.Ordinal), other);
        var (_, check) = await ExecAsync(lease, new { command = Cmd("ls", "/tmp") });
        Assert.Equal(string.Empty, check.GetProperty("stdout").GetString());
        Assert.Single(await HistoryAsync(lease), e => e.Kind == "exec");
    }

    [Fact]
    public async Task Exec_OnAnEndedLease_Answers409()
    {
        var lease = await ProvisionAsync();
        using var client = App.CreateClient();
        (await client.DeleteAsync($"/api/leases/{lease.LeaseId}")).EnsureSuccessStatusCode();

        var (status, problem) = await ExecAsync(lease, new { command = Cmd("true") });

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("has ended", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exec_InAStoppedContainer_Answers409SayingItIsNotRunning()
    {
        var lease = await ProvisionAsync();
        await Docker.Containers.StopContainerAsync(lease.ContainerId, new ContainerStopParameters { WaitBeforeKillSeconds = 0 });

        var (status, problem) = await ExecAsync(lease, new { command = Cmd("true") });

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("is not running", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exec_OnAnEntryWithoutExec_Answers403SayingWhy_AndRunsNothing()
    {
        var lease = await ProvisionAsync("noexec");

        var (status, problem) = await ExecAsync(lease, new { command = Cmd("touch", "/tmp/ran") });

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("does not allow running commands (Exec is false)", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(await HistoryAsync(lease), e => e.Kind == "exec");
    }

    public static TheoryData<string, string> BadBodies => new()
    {
        { """{"command":[]}""", "command" },
        { """{}""", "command" },
        { """{"command":[""]}""", "command" },
        { "{\"command\":[" + string.Join(",", Enumerable.Repeat("\"x\"", 65)) + "]}", "command" },
        { "{\"command\":[\"echo\",\"" + new string('x', 17 * 1024) + "\"]}", "command" },
        { """{"command":"echo hi"}""", "$.command" },
        { """{"command":["true"],"timeoutSeconds":0}""", "timeoutSeconds" },
        { """{"command":["true"],"timeoutSeconds":61}""", "timeoutSeconds" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Exec_WithABadCommandOrTimeout_Answers400NamingTheField_AndRunsNothing(string body, string field)
    {
        var lease = await ProvisionAsync();
        using var client = App.CreateClient();

        using var response = await client.PostAsync($"/api/leases/{lease.LeaseId}/exec", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var errors), problem.ToString());
        Assert.NotEmpty(errors.EnumerateArray());
        Assert.DoesNotContain(await HistoryAsync(lease), e => e.Kind == "exec");
    }

    [Fact]
    public async Task Hub_StreamsStdoutAndStderrAsTheyCome_ThenTheExitCode()
    {
        var lease = await ProvisionAsync();
        await using var hub = await HubAsync(TestUsers.Alice);

        var items = new List<ExecStreamItem>();
        await foreach (var item in hub.StreamAsync<ExecStreamItem>("Exec", lease.LeaseId, Cmd("sh", "-c", "echo one; echo two >&2; sleep 1; echo three; exit 4")))
        {
            items.Add(item);
        }

        Assert.Equal("one\nthree\n", string.Concat(items.Where(i => i.Stream == "stdout").Select(i => i.Data)));
        Assert.Equal("two\n", string.Concat(items.Where(i => i.Stream == "stderr").Select(i => i.Data)));
        var last = items[^1];
        Assert.Equal((4, false), (last.ExitCode, last.TimedOut));
        Assert.Null(last.Stream);
        Assert.All(items[..^1], i => Assert.Null(i.ExitCode));
    }

    [Fact]
    public async Task Hub_CancellingTheStream_KillsTheCommandAndWhatItStarted()
    {
        var lease = await ProvisionAsync();
        await using var hub = await HubAsync(TestUsers.Alice);
        using var cancel = new CancellationTokenSource();

        var first = new List<string?>();
        await foreach (var item in hub.StreamAsync<ExecStreamItem>("Exec", lease.LeaseId, Cmd("sh", "-c", "echo started; sleep 300 & sleep 300"), cancel.Token))
        {
            first.Add(item.Data);
            Assert.NotEmpty(await ProcessesAsync(lease, "sleep 300"));
            await cancel.CancelAsync();
            break;
        }

        Assert.Equal(["started\n"], first);
        await Eventually.TrueAsync(async () => (await ProcessesAsync(lease, "sleep 300")).Count == 0, TimeSpan.FromSeconds(5), "the command and its child are gone");
        await Eventually.TrueAsync(
            async () => (await HistoryAsync(lease)).Any(e => e.Detail?.Contains("killed after", StringComparison.Ordinal) == true),
            TimeSpan.FromSeconds(5),
            "the history says the command was killed");
    }

    [Fact]
    public async Task Hub_TheAppStopping_KillsAStreamedCommandAndWhatItStarted()
    {
        var lease = await ProvisionAsync();
        var hub = await HubAsync(TestUsers.Alice);
        var items = hub.StreamAsync<ExecStreamItem>("Exec", lease.LeaseId, Cmd("sh", "-c", "echo started; sleep 300 & sleep 300")).GetAsyncEnumerator();
        Assert.True(await items.MoveNextAsync());
        Assert.Equal("started\n", items.Current.Data);

        App.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();

        await Eventually.TrueAsync(async () => (await ProcessesAsync(lease, "sleep 300")).Count == 0, TimeSpan.FromSeconds(10), "the command and its child are gone");
        await Record.ExceptionAsync(async () => await items.DisposeAsync());
        await Record.ExceptionAsync(async () => await hub.DisposeAsync());
    }

    [Fact]
    public async Task Hub_RefusesAUsersThirdRunningCommand_WhileOtherUsersRunTheirs()
    {
        var alices = await ProvisionAsync();
        await using var alice = await HubAsync(TestUsers.Alice);
        await using var bob = await HubAsync(TestUsers.Bob);
        using var stop = new CancellationTokenSource();
        var running = new[] { DrainAsync(alice, alices.LeaseId, Cmd("sleep", "300"), stop.Token), DrainAsync(alice, alices.LeaseId, Cmd("sleep", "300"), stop.Token) };
        await Eventually.TrueAsync(async () => (await ProcessesAsync(alices, "sleep 300")).Count == 2, TimeSpan.FromSeconds(10), "alice's two commands run");

        var third = await Assert.ThrowsAsync<HubException>(() => DrainAsync(alice, alices.LeaseId, Cmd("true")));
        var others = await Assert.ThrowsAsync<HubException>(() => DrainAsync(bob, alices.LeaseId, Cmd("true")));

        Assert.Contains("You have 2 commands streaming, the most one user may have", third.Message, StringComparison.Ordinal);
        Assert.Contains("There is no lease", others.Message, StringComparison.Ordinal);
        await stop.CancelAsync();
        await Task.WhenAll(running.Select(r => Record.ExceptionAsync(() => r)));
        await Eventually.TrueAsync(async () => (await ProcessesAsync(alices, "sleep 300")).Count == 0, TimeSpan.FromSeconds(5), "both are killed");
    }

    [Fact]
    public async Task Hub_TreatsAnotherUsersLeaseAsUnknown_AndRefusesAnEmptyCommand()
    {
        var lease = await ProvisionAsync();
        await using var bob = await HubAsync(TestUsers.Bob);
        await using var alice = await HubAsync(TestUsers.Alice);

        var others = await Assert.ThrowsAsync<HubException>(() => DrainAsync(bob, lease.LeaseId, ["true"]));
        var empty = await Assert.ThrowsAsync<HubException>(() => DrainAsync(alice, lease.LeaseId, []));

        Assert.Contains($"There is no lease '{lease.LeaseId}'", others.Message, StringComparison.Ordinal);
        Assert.Contains("command must name the program to run", empty.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(await HistoryAsync(lease), e => e.Kind == "exec");
    }

    /// <summary>A command as the API and the hub take it.</summary>
    private static string[] Cmd(params string[] parts) => parts;

    private static async Task DrainAsync(HubConnection hub, string leaseId, string[] command, CancellationToken ct = default)
    {
        await foreach (var _ in hub.StreamAsync<ExecStreamItem>("Exec", leaseId, command, ct))
        {
        }
    }

    private async Task<string> ReadLogAsync()
    {
        await using var file = new FileStream(FileLoggerProvider.PathFor(Installation), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(file);
        return await reader.ReadToEndAsync();
    }

    private async Task<HubConnection> HubAsync(TestUser user)
    {
        var hub = App.Hub(ExecHub.Path, user);
        await hub.StartAsync();
        return hub;
    }

    private async Task<LeaseResponse> ProvisionAsync(string imageType = "sleeper")
    {
        using var client = App.CreateClient();
        return await client.ProvisionAsync(imageType, 300);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> ExecAsync(LeaseResponse lease, object body)
    {
        using var client = App.CreateClient();
        using var response = await client.PostAsJsonAsync($"/api/leases/{lease.LeaseId}/exec", body);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    private async Task<IReadOnlyList<Domain.Leases.LeaseEvent>> HistoryAsync(LeaseResponse lease)
    {
        using var client = App.CreateClient();
        return (await client.GetFromJsonAsync<LeaseResponse>($"/api/leases/{lease.LeaseId}"))!.History!;
    }

    /// <summary>The container's processes whose command line holds <paramref name="command"/>, as <c>docker top</c> lists them.</summary>
    private async Task<List<string>> ProcessesAsync(LeaseResponse lease, string command) =>
        [.. (await ContainerProcesses.CommandsAsync(Docker, lease.ContainerId)).Where(c => c.Contains(command, StringComparison.Ordinal))];
}
