using ContainerLease.Mvc.Audit;
using Microsoft.Extensions.Time.Testing;

namespace ContainerLease.Tests.Audit;

/// <summary>The audit log without Redis: the same ids, order, cursor and trimming as the stream.</summary>
public sealed class InMemoryAuditStoreTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero));
    private readonly InMemoryAuditStore _store;

    public InMemoryAuditStoreTests() => _store = new InMemoryAuditStore(_time);

    [Fact]
    public async Task ReadBackwards_GivesNewestFirst_AfterTheCursor_WithinTheTimes()
    {
        var written = new List<AuditEntry>();
        for (var i = 0; i < 5; i++)
        {
            written.Add(await AppendAsync($"e{i}"));
            if (i % 2 == 1)
            {
                _time.Advance(TimeSpan.FromSeconds(1));
            }
        }

        Assert.Equal(["e4", "e3", "e2"], (await _store.ReadBackwardsAsync(null, null, null, 3)).Select(e => e.Event));
        Assert.Equal(["e1", "e0"], (await _store.ReadBackwardsAsync(written[2].Id, null, null, 3)).Select(e => e.Event));
        Assert.Equal(["e3", "e2"], (await _store.ReadBackwardsAsync(null, written[2].At, written[3].At, 10)).Select(e => e.Event));
        Assert.Equal(written.Count, written.Select(e => e.Id).Distinct().Count());
    }

    [Fact]
    public async Task Append_TrimsWhatIsOlderThanTheRetention()
    {
        await AppendAsync("old");
        _time.Advance(TimeSpan.FromDays(31));

        await AppendAsync("new", keepFrom: _time.GetUtcNow() - TimeSpan.FromDays(30));

        Assert.Equal(["new"], (await _store.ReadBackwardsAsync(null, null, null, 10)).Select(e => e.Event));
    }

    private Task<AuditEntry> AppendAsync(string name, DateTimeOffset? keepFrom = null) =>
        _store.AppendAsync(new NewAuditEntry(_time.GetUtcNow(), "alice", name), keepFrom ?? DateTimeOffset.MinValue);
}
