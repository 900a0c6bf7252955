using ContainerLease.Domain.Images;
using ContainerLease.Mvc.Docker;
using Docker.DotNet.Models;

namespace ContainerLease.Tests.Docker;

/// <summary>The engine's pull messages, as a 20.10 engine sends them for a two-layer image, added up into bytes.</summary>
public sealed class PullMeterTests
{
    private readonly PullMeter _meter = new();
    private readonly List<PullProgress> _seen = [];

    public PullMeterTests() => _meter.Follow(new Recorder(_seen));

    [Fact]
    public void TheTotalIsKnownOnceEveryLayerHasBegun_AndALayerDoneCountsWhole()
    {
        Add("Pulling from cl/bulky", "5c1510974e85"); // the pull's own line: its id is the tag
        Add("Pulling fs layer", "a");
        Add("Pulling fs layer", "b");
        Add("Downloading", "a", 100, 1000);
        Assert.Equal(new PullProgress(100, null), _seen[^1]);

        Add("Downloading", "b", 50, 500);
        Assert.Equal(new PullProgress(150, 1500), _seen[^1]);

        Add("Download complete", "a");
        Add("Extracting", "a", 10, 1000);
        Assert.Equal(new PullProgress(1050, 1500), _seen[^1]);

        Add("Pull complete", "b");
        Add("Digest: sha256:0123", null);
        Assert.Equal(new PullProgress(1500, 1500), _seen[^1]);
    }

    [Fact]
    public void ALayerTheEngineHas_CountsNothing_AndAFollowerThatLeftHearsNoMore()
    {
        var late = new List<PullProgress>();
        using (_meter.Follow(new Recorder(late)))
        {
            Add("Already exists", "a");
            Add("Downloading", "b", 5, 10);
        }

        Add("Download complete", "b");

        Assert.Equal([new PullProgress(0, 0), new PullProgress(5, 10)], late);
        Assert.Equal(new PullProgress(10, 10), _seen[^1]);
    }

    private void Add(string status, string? id, long current = 0, long total = 0) => _meter.Add(new JSONMessage
    {
        Status = status,
        ID = id,
        Progress = total > 0 ? new JSONProgress { Current = current, Total = total } : new JSONProgress(),
    });

    private sealed class Recorder(List<PullProgress> seen) : IProgress<PullProgress>
    {
        public void Report(PullProgress value) => seen.Add(value);
    }
}
