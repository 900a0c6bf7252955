using ContainerLease.Domain.Images;
using ContainerLease.Mvc.Docker;
using Docker.DotNet.Models;

namespace ContainerLease.Tests.Docker;

public sealed class PullMeterTests
{
    [Fact]
    public void Bytes_AreSummedOverLayers_WhileDownloading()
    {
        var meter = new PullMeter();

        meter.Add(Downloading("a", 10, 100));
        meter.Add(Downloading("b", 5, 50));

        Assert.Equal(new PullProgress(15, 150), meter.Current);
        Assert.Equal(10, meter.Current.Percent);
    }

    [Fact]
    public void Total_IsUnknown_UntilEveryLayerToldItsSize()
    {
        var meter = new PullMeter();

        meter.Add(Step("a", "Pulling fs layer"));
        meter.Add(Step("b", "Waiting"));
        meter.Add(Downloading("a", 10, 100));

        Assert.Equal(new PullProgress(10, null), meter.Current);
        Assert.Null(meter.Current.Percent);

        meter.Add(Downloading("b", 1, 20));
        Assert.Equal(new PullProgress(11, 120), meter.Current);
    }

    [Theory]
    [InlineData("Verifying Checksum")]
    [InlineData("Download complete")]
    [InlineData("Extracting")]
    [InlineData("Pull complete")]
    public void ALayerPastItsDownload_CountsAsItsWholeSize(string status)
    {
        var meter = new PullMeter();
        meter.Add(Downloading("a", 10, 100));

        meter.Add(Step("a", status));

        Assert.Equal(new PullProgress(100, 100), meter.Current);
    }

    [Fact]
    public void ExtractionProgress_DoesNotCountAsDownloadedBytes()
    {
        var meter = new PullMeter();
        meter.Add(Downloading("a", 100, 100));

        meter.Add(new JSONMessage { ID = "a", Status = "Extracting", Progress = new JSONProgress { Current = 3, Total = 100 } });

        Assert.Equal(new PullProgress(100, 100), meter.Current);
    }

    [Fact]
    public void ALayerTheEngineHas_CountsNothing_AndLeavesTheTotalKnown()
    {
        var meter = new PullMeter();

        meter.Add(Step("a", "Already exists"));
        meter.Add(Downloading("b", 5, 50));

        Assert.Equal(new PullProgress(5, 50), meter.Current);
    }

    [Fact]
    public void TheImagesOwnLines_AndMessagesWithoutALayer_ChangeNothing()
    {
        var meter = new PullMeter();

        Assert.False(meter.Add(Step("1.35", "Pulling from cl/busybox")));
        Assert.False(meter.Add(new JSONMessage { Status = "Digest: sha256:abc" }));
        Assert.False(meter.Add(new JSONMessage { Status = "Status: Image is up to date for busybox:1.35" }));
        Assert.False(meter.Add(Step("a", "Retrying in 5 seconds")));

        Assert.Equal(new PullProgress(0, null), meter.Current);
    }

    [Fact]
    public void Add_SaysWhetherTheBytesChanged()
    {
        var meter = new PullMeter();

        Assert.True(meter.Add(Downloading("a", 10, 100)));
        Assert.False(meter.Add(Downloading("a", 10, 100)));
    }

    [Fact]
    public void ALayerOfUnknownSize_CountsWhatWasDownloaded_OnceComplete()
    {
        var meter = new PullMeter();
        meter.Add(Downloading("a", 70, 0));

        Assert.Equal(new PullProgress(70, null), meter.Current);

        meter.Add(Step("a", "Download complete"));
        Assert.Equal(new PullProgress(70, 70), meter.Current);
    }

    private static JSONMessage Downloading(string layer, long current, long total) =>
        new() { ID = layer, Status = "Downloading", Progress = new JSONProgress { Current = current, Total = total } };

    private static JSONMessage Step(string layer, string status) => new() { ID = layer, Status = status };
}
