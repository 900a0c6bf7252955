using System.Text;
using ContainerLease.Domain.Catalog;
using ContainerLease.Domain.Errors;
using ContainerLease.Domain.Exec;
using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace ContainerLease.Domain.Tests;

public sealed class LeaseExecTests
{
    private readonly LeaseServiceHarness _h = new();
    private readonly FakeContainerExec _engine = new();

    private LeaseExec Exec(ExecOptions? options = null, bool exec = true)
    {
        var catalog = new ImageCatalog(new CatalogOptions
        {
            Images = new Dictionary<string, CatalogImage>(StringComparer.Ordinal)
            {
                [LeaseServiceHarness.ImageType] = new CatalogImage { Image = _h.Image.Image, Exec = exec },
            },
        });
        return new LeaseExec(new LeaseAccess(_h.Store, _h.Runtime), catalog, _engine, new LeaseHistory(_h.Store, _h.Events, _h.Time), new LeaseActivity(_h.Store, _h.Time, NullLogger<LeaseActivity>.Instance), options ?? new ExecOptions(), _h.Time, NullLogger<LeaseExec>.Instance);
    }

    private Task<Lease> LeaseAsync() => _h.ProvisionAsync(TimeSpan.FromHours(1));

    private static ExecRequest Command(params string[] command) => new(command);

    [Fact]
    public async Task RunAsync_ChecksTheCommandBeforeTheLease_SoABadOneNamesTheFieldEvenForAnUnknownLease()
    {
        var error = await Assert.ThrowsAsync<LeaseValidationException>(() => Exec().RunAsync(LeaseId.New().Value, Command(), LeaseServiceHarness.Caller));

        Assert.Equal("command", error.Field);
        Assert.Empty(_engine.Runs);
    }

    [Fact]
    public async Task RunAsync_AnswersAnotherUsersLeaseAsMissing_AndRunsNothing()
    {
        var lease = await LeaseAsync();

        var error = await Assert.ThrowsAsync<LeaseNotFoundException>(() => Exec().RunAsync(lease.Id.Value, Command("true"), new LeaseCaller("bob", IsAdmin: false)));

        Assert.Equal($"There is no lease '{lease.Id}'.", error.Message);
        Assert.Empty(_engine.Runs);
    }

    [Fact]
    public async Task RunAsync_RefusesSayingWhy_WhenTheEntryHasNoExec_AndRecordsNothing()
    {
        var lease = await LeaseAsync();

        var error = await Assert.ThrowsAsync<ActionNotAllowedException>(() => Exec(exec: false).RunAsync(lease.Id.Value, Command("true"), LeaseServiceHarness.Caller));

        Assert.Contains("does not allow running commands (Exec is false)", error.Message, StringComparison.Ordinal);
        Assert.Empty(_engine.Runs);
        Assert.Equal(lease.History, _h.Stored(lease.Id).History);
    }

    [Fact]
    public async Task RunAsync_RunsInTheLeasesContainer_AndRecordsCallerCommandExitAndDuration()
    {
        var lease = await LeaseAsync();
        _engine.ExitCode = 3;
        _engine.Prints(false, "out\n"u8.ToArray());
        _engine.Prints(true, "err\n"u8.ToArray());

        var result = await Exec().RunAsync(lease.Id.Value, new ExecRequest(["sh", "-c", "echo out; exit 3"], "input"), LeaseServiceHarness.Admin);

        Assert.Equal(new ExecResult(3, "out\n", "err\n", TimedOut: false, Truncated: false, TimeSpan.Zero), result);
        var (containerId, spec) = Assert.Single(_engine.Runs);
        Assert.Equal((lease.ContainerId, "input"), (containerId, spec.Stdin));
        var entry = _h.Stored(lease.Id).History[^1];
        Assert.Equal(new LeaseEvent(LeaseServiceHarness.Start, LeaseEvent.Exec, "by root: sh -c 'echo out; exit 3' (exit 3 in 0 ms)", "root"), entry);
        Assert.Contains(lease.Id, _h.Events.Changed);
    }

    [Fact]
    public async Task RunAsync_RecordsOnlyTheCaller_WhenCommandsAreNotRecorded()
    {
        var lease = await LeaseAsync();

        await Exec(new ExecOptions { RecordCommands = false }).RunAsync(lease.Id.Value, Command("cat", "/secret"), LeaseServiceHarness.Caller);

        Assert.Equal("by alice", _h.Stored(lease.Id).History[^1].Detail);
    }

    [Fact]
    public async Task RunAsync_CutsEachStreamAtMaxOutputBytes_AtAWholeCharacter_AndSaysSo()
    {
        var lease = await LeaseAsync();
        _engine.Prints(false, Encoding.UTF8.GetBytes(new string('a', 1023) + "é and more"));
        _engine.Prints(true, "short"u8.ToArray());

        var result = await Exec(new ExecOptions { MaxOutputBytes = 1024 }).RunAsync(lease.Id.Value, Command("yes"), LeaseServiceHarness.Caller);

        Assert.True(result.Truncated);
        Assert.Equal(new string('a', 1023), result.Stdout);
        Assert.Equal("short", result.Stderr);
    }

    [Fact]
    public async Task RunAsync_PastItsTimeout_StopsTheCommandAndSaysItTimedOut()
    {
        var lease = await LeaseAsync();
        _engine.RunsUntilStopped = true;

        var running = Exec().RunAsync(lease.Id.Value, new ExecRequest(["sleep", "300"], TimeoutSeconds: 5), LeaseServiceHarness.Caller);
        _h.Time.Advance(TimeSpan.FromSeconds(5));
        var result = await running;

        Assert.Equal((137, true), (result.ExitCode, result.TimedOut));
        Assert.Equal(TimeSpan.FromSeconds(5), result.Duration);
        Assert.Equal("by alice: sleep 300 (timed out after 5000 ms and was killed)", _h.Stored(lease.Id).History[^1].Detail);
    }

    [Fact]
    public async Task StreamAsync_YieldsWholeCharacters_WhenTheEngineSplitsOne_ThenHowItEnded()
    {
        var lease = await LeaseAsync();
        var check = "✓"u8.ToArray();
        _engine.Prints(false, [.. "ok "u8, check[0]]);
        _engine.Prints(false, check[1..]);
        _engine.ExitCode = 4;

        var items = new List<ExecItem>();
        await foreach (var item in Exec().StreamAsync(lease.Id.Value, ["printf", "ok ✓"], LeaseServiceHarness.Caller))
        {
            items.Add(item);
        }

        Assert.Equal([ExecItem.Output(false, "ok "), ExecItem.Output(false, "✓"), new ExecItem(null, null, new ExecEnd(4, false, TimeSpan.Zero))], items);
    }

    [Fact]
    public async Task StreamAsync_ShowsACharacterCutOffAtTheEnd_AsAReplacementCharacter()
    {
        var lease = await LeaseAsync();
        _engine.Prints(true, [(byte)'x', .. "✓"u8[..2]]);

        var items = new List<ExecItem>();
        await foreach (var item in Exec().StreamAsync(lease.Id.Value, ["printf", "x"], LeaseServiceHarness.Caller))
        {
            items.Add(item);
        }

        Assert.Equal([ExecItem.Output(true, "x"), ExecItem.Output(true, "\uFFFD")], items[..^1]);
    }

    [Fact]
    public async Task StreamAsync_KillsTheCommand_WhenTheReaderCancels()
    {
        var lease = await LeaseAsync();
        _engine.RunsUntilStopped = true;
        _engine.Prints(false, "started\n"u8.ToArray());
        using var cancel = new CancellationTokenSource();

        var items = new List<ExecItem>();
        await foreach (var item in Exec().StreamAsync(lease.Id.Value, ["sleep", "300"], LeaseServiceHarness.Caller, cancel.Token))
        {
            items.Add(item);
            await cancel.CancelAsync();
        }

        Assert.Equal((137, false), (items[^1].End!.ExitCode, items[^1].End!.TimedOut));
        Assert.Equal("by alice: sleep 300 (killed after 0 ms when its caller left)", _h.Stored(lease.Id).History[^1].Detail);
    }

    [Fact]
    public void RecordExec_KeepsTheProvisionedEntry_AndAtMostMaxExecHistoryCommands()
    {
        var lease = new Lease
        {
            Id = LeaseId.New(),
            ContainerId = "c1",
            ImageType = "python",
            Owner = "alice",
            CreatedAt = LeaseServiceHarness.Start,
            ExpiresAt = LeaseServiceHarness.Start.AddHours(1),
        }.Record(new LeaseEvent(LeaseServiceHarness.Start, LeaseEvent.Provisioned, "python for 1 hour"));

        for (var n = 1; n <= 50; n++)
        {
            lease = lease.RecordExec(LeaseServiceHarness.Start.AddSeconds(n), $"command {n}");
        }

        Assert.Equal(1 + Lease.MaxExecHistory, lease.History.Count);
        Assert.Equal(LeaseEvent.Provisioned, lease.History[0].Kind);
        Assert.Equal(Enumerable.Range(41, Lease.MaxExecHistory).Select(n => $"command {n}"), lease.History.Skip(1).Select(e => e.Detail));
    }
}
