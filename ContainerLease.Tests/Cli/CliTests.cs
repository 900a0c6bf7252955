using System.Net.Http.Json;
using System.Text.Json;
using ContainerLease.Tests.Integration.Infrastructure;

namespace ContainerLease.Tests.Cli;

/// <summary>The containerlease tool, installed from a local pack, driven as a process against a real app.</summary>
public sealed class CliTests(CliFixture fixture) : IClassFixture<CliFixture>
{
    [Fact]
    public async Task Images_ListsTheCatalog_AsATableAndAsJson()
    {
        var table = await fixture.RunAsync("images");
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("sleeper", table.Stdout, StringComparison.Ordinal);
        Assert.StartsWith("IMAGE", table.Stdout, StringComparison.Ordinal);
        Assert.Contains(" STATE ", table.Stdout, StringComparison.Ordinal);

        var json = await fixture.RunAsync("images", "--json");
        using var catalog = JsonDocument.Parse(json.Stdout);
        Assert.Contains(catalog.RootElement.GetProperty("images").EnumerateArray(), i => i.GetProperty("id").GetString() == "sleeper");
    }

    [Fact]
    public async Task Lease_Ls_Show_Extend_Rm_WorkOnOneLease()
    {
        var leased = await fixture.RunAsync("lease", "sleeper", "--for", "2m");
        Assert.True(leased.ExitCode == 0, leased.ToString());
        var id = leased.Stdout.Trim();
        var before = await LeaseAsync(id);

        var ls = await fixture.RunAsync("ls");
        Assert.True(ls.ExitCode == 0, ls.ToString());
        var row = ls.Stdout.Split('\n').Single(l => l.StartsWith(id, StringComparison.Ordinal));
        Assert.Contains("sleeper", row, StringComparison.Ordinal);
        Assert.Contains("alice", row, StringComparison.Ordinal);
        Assert.Contains("active", row, StringComparison.Ordinal);

        var show = await fixture.RunAsync("show", id);
        Assert.Contains("running", show.Stdout, StringComparison.Ordinal);
        Assert.Contains("provisioned", show.Stdout, StringComparison.Ordinal);

        var extended = await fixture.RunAsync("extend", id, "1m");
        Assert.True(extended.ExitCode == 0, extended.ToString());
        Assert.Equal(before.ExpiresAt + TimeSpan.FromMinutes(1), (await LeaseAsync(id)).ExpiresAt);

        var removed = await fixture.RunAsync("rm", id);
        Assert.True(removed.ExitCode == 0, removed.ToString());
        Assert.Equal("terminated", (await LeaseAsync(id)).Status);
    }

    [Fact]
    public async Task Lease_WaitHealthy_PrintsTheLeaseAsJson_OnceHealthy()
    {
        var leased = await fixture.RunAsync("lease", "healthy", "--for", "1m", "--wait-healthy", "--json");
        Assert.True(leased.ExitCode == 0, leased.ToString());
        using var lease = JsonDocument.Parse(leased.Stdout);
        Assert.Equal("healthy", lease.RootElement.GetProperty("health").GetString());
    }

    [Fact]
    public async Task PauseAndResume_ChangeTheStatus()
    {
        var id = await LeaseIdAsync();
        Assert.Contains("paused", (await fixture.RunAsync("pause", id)).Stdout, StringComparison.Ordinal);
        Assert.Equal("paused", (await LeaseAsync(id)).Status);
        Assert.Contains("active", (await fixture.RunAsync("resume", id)).Stdout, StringComparison.Ordinal);
        Assert.Equal("active", (await LeaseAsync(id)).Status);
    }

    [Fact]
    public async Task RevokeLinks_RecordsTheRevocation_AndTheLeaseGoesOn()
    {
        var id = await LeaseIdAsync();

        var revoked = await fixture.RunAsync("revoke-links", id);

        Assert.True(revoked.ExitCode == 0, revoked.ToString());
        Assert.Contains($"{id} links made until ", revoked.Stdout, StringComparison.Ordinal);
        var lease = await LeaseAsync(id);
        Assert.Equal("active", lease.Status);
        Assert.NotNull(lease.LinksRevokedAt);
        Assert.Equal(1, (await fixture.RunAsync("revoke-links", "not-a-lease")).ExitCode);
    }

    [Fact]
    public async Task Exec_GivesItsStreamsApart_AndExitsWithTheCommandsCode()
    {
        var id = await LeaseIdAsync();
        var run = await fixture.RunAsync("exec", id, "--", "sh", "-c", "echo out; echo err >&2; exit 3");
        Assert.Equal(3, run.ExitCode);
        Assert.Equal("out\n", run.Stdout);
        Assert.Equal("err\n", run.Stderr);

        Assert.Equal(0, (await fixture.RunAsync("exec", id, "--", "true")).ExitCode);
    }

    [Fact]
    public async Task Shell_InAPseudoTerminal_RunsWhatIsTyped_FollowsResizes_SendsCtrlC_AndExitsWithTheShell_RestoringTheTerminal()
    {
        var id = await LeaseIdAsync();
        using var shell = fixture.Tool.StartInTerminal(["shell", id], fixture.Url, TestUsers.Alice.ApiKey, aroundModes: true);
        var screen = new Screen(shell.StandardOutput);
        var stderr = shell.StandardError.ReadToEndAsync();

        await screen.WaitForAsync("# ", "the container's prompt");
        await TypeAsync("echo $((6*7))\r");
        // The line the remote shell echoes holds the sum, not its value: 42 alone on a line is the answer.
        await screen.WaitForAsync("\n42\r\n", "the answer, 42");

        // Ctrl-C interrupts the container's command, not the tool.
        // The container's terminal has this one's size, and follows it when it changes (SIGWINCH).
        await TypeAsync("stty size\r");
        await screen.WaitForAsync("\n27 91\r\n", "the terminal's size");
        var device = System.Text.RegularExpressions.Regex.Match(screen.Text, "tty=(\\S+)").Groups[1].Value;
        using (var resize = System.Diagnostics.Process.Start("stty", ["-F", device, "rows", "43", "cols", "132"]))
        {
            await resize.WaitForExitAsync();
            Assert.Equal(0, resize.ExitCode);
        }

        await Eventually.TrueAsync(async () =>
        {
            await TypeAsync("stty size\r");
            await Task.Delay(200);
            return screen.Text.Contains("\n43 132\r\n", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(30), "the new size in the container");

        await TypeAsync("echo sle''eping; sleep 300\r");
        await screen.WaitForAsync("\nsleeping\r\n", "the sleep's start");
        var prompts = screen.Text.Split("# ").Length;
        await Eventually.TrueAsync(async () =>
        {
            // Once more if it reached the shell just before sleep started, while nothing ran to interrupt.
            await TypeAsync("\u0003");
            await Task.Delay(200);
            return screen.Text.Split("# ").Length > prompts;
        }, TimeSpan.FromSeconds(30), "a prompt after Ctrl-C");
        await TypeAsync("echo interrupted-$?\r");
        await screen.WaitForAsync("\ninterrupted-130\r\n", "the interrupted sleep's code");

        await TypeAsync("exit\r");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await shell.WaitForExitAsync(timeout.Token);
        Assert.True(shell.ExitCode == 0, $"exit {shell.ExitCode}\n--- screen\n{screen.Text}\n--- stderr\n{await stderr}");
        var modes = System.Text.RegularExpressions.Regex.Matches(screen.Text, "(before|after)=(\\S+)");
        Assert.True(modes.Count == 2 && modes[0].Groups[2].Value == modes[1].Groups[2].Value, $"the terminal's settings restored:\n{screen.Text}");
        Assert.DoesNotContain("\u001b[?1h", screen.Text, StringComparison.Ordinal);

        async Task TypeAsync(string keys)
        {
            await shell.StandardInput.WriteAsync(keys);
            await shell.StandardInput.FlushAsync();
        }
    }

    [Fact]
    public async Task Shell_Refuses_WithoutATerminal_OnAnUnknownLease_AndOnAPausedOne()
    {
        var id = await LeaseIdAsync();
        var piped = await fixture.RunAsync("shell", id);
        Assert.Equal(2, piped.ExitCode);
        Assert.Contains("needs a terminal", piped.Stderr, StringComparison.Ordinal);

        var unknown = await InTerminalAsync("nosuchlease");
        Assert.True(unknown.ExitCode == 1, unknown.ToString());
        Assert.Contains("containerlease: There is no lease 'nosuchlease'.", unknown.Stdout, StringComparison.Ordinal);

        Assert.Equal(0, (await fixture.RunAsync("pause", id)).ExitCode);
        var paused = await InTerminalAsync(id);
        Assert.True(paused.ExitCode == 1, paused.ToString());
        Assert.Contains("is paused; resume it first.", paused.Stdout, StringComparison.Ordinal);

        async Task<CliRun> InTerminalAsync(string lease)
        {
            using var shell = fixture.Tool.StartInTerminal(["shell", lease], fixture.Url, TestUsers.Alice.ApiKey);
            var stdout = shell.StandardOutput.ReadToEndAsync();
            var stderr = shell.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await shell.WaitForExitAsync(timeout.Token);
            return new CliRun(shell.ExitCode, await stdout, await stderr);
        }
    }

    [Fact]
    public async Task Cp_CopiesAFileIn_AndTheSameBytesOut()
    {
        var id = await LeaseIdAsync();
        var folder = Directory.CreateTempSubdirectory("containerlease-cp-").FullName;
        var bytes = new byte[300_000];
        Random.Shared.NextBytes(bytes);
        var local = Path.Combine(folder, "data.bin");
        await File.WriteAllBytesAsync(local, bytes);

        var up = await fixture.RunAsync("cp", local, $"{id}:/tmp/in/data.bin");
        Assert.True(up.ExitCode == 0, up.ToString());
        var back = Path.Combine(folder, "back.bin");
        var down = await fixture.RunAsync("cp", $"{id}:/tmp/in/data.bin", back);
        Assert.True(down.ExitCode == 0, down.ToString());
        Assert.Equal(bytes, await File.ReadAllBytesAsync(back));
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Logs_WithoutFollow_PrintsTheLastLinesUpToNow_InOrder_StderrApart_AndEnds_WhileTheContainerKeepsPrinting()
    {
        var id = await LeaseIdAsync("chatter");
        var first = await Eventually.ValueAsync(async () => await fixture.RunAsync("logs", id, "--json"),
            run => run.ExitCode != 0 || JsonLines(run).Count == 200, TimeSpan.FromSeconds(60), "more than 200 lines printed");
        Assert.True(first.ExitCode == 0, first.ToString());

        var logs = await fixture.RunAsync("logs", id);

        Assert.True(logs.ExitCode == 0, logs.ToString());
        var outs = Numbered(logs.Stdout, "out ");
        var errs = Numbered(logs.Stderr, "err ");
        Assert.Equal(200, outs.Count + errs.Count);
        Assert.Equal(Enumerable.Range(outs[0], outs.Count), outs);
        Assert.Equal(Enumerable.Range(errs[0], errs.Count), errs);
        Assert.InRange(errs[^1] - outs[^1], -1, 1); // two pipes, stamped apart: either may be a line ahead
        var earlier = Numbered(string.Join('\n', JsonLines(first).Where(l => l.Stream == "stdout").Select(l => l.Message)), "out ");
        Assert.True(outs[^1] > earlier[^1], "a later read ends later in the log: it reads to now");
    }

    [Fact]
    public async Task Logs_Since_AJsonTimestamp_StartsWithTheNextLine()
    {
        var id = await LeaseIdAsync("chatter");
        var first = JsonLines(await Eventually.ValueAsync(async () => await fixture.RunAsync("logs", id, "--json"),
            run => run.ExitCode != 0 || JsonLines(run).Count >= 40, TimeSpan.FromSeconds(60), "40 lines printed"));

        var since = await fixture.RunAsync("logs", id, "--since", first[19].Timestamp, "--json");

        Assert.True(since.ExitCode == 0, since.ToString());
        var after = JsonLines(since);
        Assert.Equal(first[20..], after[..(first.Count - 20)]);
        Assert.True(after.Count > first.Count - 20, "the container printed on");
    }

    [Fact]
    public async Task LogsFollow_ResumesAfterTheConnectionDrops_WithoutLosingOrRepeatingALine()
    {
        var id = await LeaseIdAsync("ticker");
        var relayed = new Uri(fixture.Relay.Address.ToString());
        using var follower = fixture.Tool.Start(["logs", id, "-f", "--url", relayed.ToString()], fixture.Url, TestUsers.Alice.ApiKey);
        var lines = new List<string>();
        var reading = Task.Run(async () =>
        {
            while (await follower.StandardOutput.ReadLineAsync() is { } line)
            {
                lock (lines)
                {
                    lines.Add(line);
                }
            }
        });
        var stderr = follower.StandardError.ReadToEndAsync();

        async Task WaitForAsync(int count) => await Eventually.TrueAsync(() =>
        {
            lock (lines)
            {
                return Task.FromResult(lines.Count >= count);
            }
        }, TimeSpan.FromSeconds(30), $"{count} lines followed");

        await WaitForAsync(20);
        fixture.Relay.CutAll();
        await WaitForAsync(lines.Count + 20);
        fixture.Relay.CutAll();
        await WaitForAsync(lines.Count + 20);
        follower.Kill();
        await reading;

        Assert.Contains("reconnecting", await stderr, StringComparison.Ordinal);
        var numbers = lines.Select(l => int.Parse(l.Replace("tick ", string.Empty, StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range(numbers[0], numbers.Count), numbers);
        Assert.Equal(1, numbers[0]);
    }

    [Fact]
    public async Task Errors_SayTheProblemsDetail_AndExit1ForARefusal_2ForMisuse()
    {
        var unknown = await fixture.RunAsync("lease", "no-such-image", "--for", "1m");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("no-such-image", unknown.Stderr, StringComparison.Ordinal);

        var missing = await fixture.RunAsync("exec", "nosuchlease", "--", "true");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("There is no lease 'nosuchlease'", missing.Stderr, StringComparison.Ordinal);

        var noLog = await fixture.RunAsync("logs", "nosuchlease", "-f");
        Assert.Equal(1, noLog.ExitCode);
        Assert.Equal("containerlease: There is no lease 'nosuchlease'.", noLog.Stderr.Trim());

        Assert.Equal(2, (await fixture.RunAsync("lease", "sleeper", "--for", "5x")).ExitCode);
        Assert.Equal(2, (await fixture.RunAsync("frobnicate")).ExitCode);
        Assert.Equal(2, (await fixture.RunAsAsync(null, "ls")).ExitCode);
        Assert.Equal(1, (await fixture.RunAsAsync(TestUsers.Alice with { ApiKey = "wrong" }, "ls")).ExitCode);
    }

    [Fact]
    public async Task Login_SavesTheAddressAndKey_ForLaterCommands()
    {
        var login = await fixture.RunAsAsync(null, "login", "--url", fixture.Url.ToString(), "--api-key", TestUsers.Bob.ApiKey);
        Assert.True(login.ExitCode == 0, login.ToString());
        try
        {
            var ls = await fixture.RunAsAsync(null, "ls", "--json");
            Assert.True(ls.ExitCode == 0, ls.ToString());
            Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(ls.Stdout).RootElement.ValueKind);
        }
        finally
        {
            Directory.Delete(fixture.Tool.ConfigHome, recursive: true);
        }
    }

    private sealed record Printed(string Timestamp, string Stream, string Message);

    /// <summary>What <c>logs --json</c> printed, a JSON object a line.</summary>
    private static List<Printed> JsonLines(CliRun run) =>
        [.. run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonSerializer.Deserialize<Printed>(line, JsonSerializerOptions.Web)!)];

    /// <summary>The numbers of the lines "<paramref name="prefix"/>N"; fails on any other line.</summary>
    private static List<int> Numbered(string text, string prefix) =>
        [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            Assert.StartsWith(prefix, line, StringComparison.Ordinal);
            return int.Parse(line[prefix.Length..], System.Globalization.CultureInfo.InvariantCulture);
        })];

    private async Task<string> LeaseIdAsync(string image = "sleeper")
    {
        var leased = await fixture.RunAsync("lease", image, "--for", "2m");
        Assert.True(leased.ExitCode == 0, leased.ToString());
        return leased.Stdout.Trim();
    }

    private async Task<LeaseResponse> LeaseAsync(string id) =>
        (await fixture.Api.GetFromJsonAsync<LeaseResponse>($"/api/leases/{id}"))!;

    /// <summary>What a terminal shows, read as it comes, to wait on.</summary>
    private sealed class Screen
    {
        private readonly System.Text.StringBuilder _text = new();

        public Screen(StreamReader output) => _ = Task.Run(async () =>
        {
            var buffer = new char[4096];
            int read;
            while ((read = await output.ReadAsync(buffer)) > 0)
            {
                lock (_text)
                {
                    _text.Append(buffer, 0, read);
                }
            }
        });

        public string Text
        {
            get
            {
                lock (_text)
                {
                    return _text.ToString();
                }
            }
        }

        public async Task WaitForAsync(string text, string what)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (!Text.Contains(text, StringComparison.Ordinal))
            {
                Assert.True(DateTime.UtcNow < deadline, $"No {what} on the screen within 30 s:\n{Text}");
                await Task.Delay(50);
            }
        }
    }
}
