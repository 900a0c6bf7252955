using System.ComponentModel.DataAnnotations;
using ContainerLease.Domain.Catalog;
using ContainerLease.Domain.Policy;

namespace ContainerLease.Domain.Tests;

public sealed class OptionsValidationTests
{
    private static List<ValidationResult> Validate(object options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }

    private static CatalogOptions Catalog(string id, CatalogImage image) => new()
    {
        Images = new Dictionary<string, CatalogImage>(StringComparer.Ordinal) { [id] = image },
    };

    private static CatalogImage GoodImage() => new()
    {
        Image = "python:3.13-alpine",
        Command = ["sleep", "infinity"],
        MemoryMb = 256,
        Cpus = 1,
        PidsLimit = 128,
        Network = "none",
        HealthCheck = new HealthCheck { Command = "true", Interval = TimeSpan.FromSeconds(2), Timeout = TimeSpan.FromSeconds(1), Retries = 3 },
    };

    [Fact]
    public void LeaseOptions_PassValidation_WhenDefaults()
    {
        Assert.Empty(Validate(new LeaseOptions()));
    }

    [Fact]
    public void LeaseOptions_FailValidation_WhenMaximumIsLessThanMinimum()
    {
        var results = Validate(new LeaseOptions { MinimumDuration = TimeSpan.FromHours(2), MaximumDuration = TimeSpan.FromHours(1) });

        var result = Assert.Single(results);
        Assert.Contains(nameof(LeaseOptions.MaximumDuration), result.MemberNames);
    }

    [Fact]
    public void LeaseOptions_PassValidation_WhenMaximumEqualsMinimum()
    {
        Assert.Empty(Validate(new LeaseOptions { MinimumDuration = TimeSpan.FromHours(1), MaximumDuration = TimeSpan.FromHours(1) }));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Default")]
    [InlineData("-default")]
    [InlineData(".default")]
    [InlineData("two words")]
    [InlineData("slash/ed")]
    [InlineData("a234567890123456789012345678901234567890123456789012345678901234")]
    public void LeaseOptions_FailValidationOnInstallationId_WhenInstallationIdIsMalformed(string installationId)
    {
        var results = Validate(new LeaseOptions { InstallationId = installationId });

        var result = Assert.Single(results);
        Assert.Contains(nameof(LeaseOptions.InstallationId), result.MemberNames);
    }

    [Theory]
    [InlineData("default")]
    [InlineData("ci-42")]
    [InlineData("prod.eu_1")]
    [InlineData("a23456789012345678901234567890123456789012345678901234567890123")]
    public void LeaseOptions_PassValidation_WhenInstallationIdIsWellFormed(string installationId)
    {
        Assert.Empty(Validate(new LeaseOptions { InstallationId = installationId }));
    }

    [Fact]
    public void LeaseOptions_FailValidation_WhenMinimumIsBelowOneSecond()
    {
        var results = Validate(new LeaseOptions { MinimumDuration = TimeSpan.FromMilliseconds(500) });

        var result = Assert.Single(results);
        Assert.Contains(nameof(LeaseOptions.MinimumDuration), result.MemberNames);
    }

    [Fact]
    public void LeaseOptions_FailValidation_WhenSweepIntervalAndRetentionAreZero()
    {
        var results = Validate(new LeaseOptions { SweepInterval = TimeSpan.Zero, Retention = TimeSpan.Zero });

        Assert.Equal(2, results.Count);
        Assert.Contains(results, r => r.MemberNames.Contains(nameof(LeaseOptions.SweepInterval)));
        Assert.Contains(results, r => r.MemberNames.Contains(nameof(LeaseOptions.Retention)));
    }

    [Fact]
    public void CatalogOptions_PassValidation_WhenCatalogIsGood()
    {
        var options = new CatalogOptions
        {
            Images = new Dictionary<string, CatalogImage>(StringComparer.Ordinal)
            {
                ["python"] = GoodImage(),
                ["redis-7"] = new CatalogImage { Image = "redis:7-alpine" },
            },
        };

        Assert.Empty(Validate(options));
    }

    [Fact]
    public void CatalogOptions_FailValidation_WhenCatalogIsEmpty()
    {
        var result = Assert.Single(Validate(new CatalogOptions()));

        Assert.Contains("no images", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Python")]
    [InlineData("py_3")]
    [InlineData("-python")]
    [InlineData("py.3")]
    [InlineData("")]
    public void CatalogOptions_FailValidationNamingTheId_WhenImageIdIsMalformed(string id)
    {
        var result = Assert.Single(Validate(Catalog(id, GoodImage())));

        Assert.StartsWith($"Catalog:Images:{id}:", result.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("image id", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public void CatalogOptions_FailValidationNamingTheId_WhenImageIsMissing(string? image)
    {
        var entry = GoodImage();
        entry.Image = image!;

        var result = Assert.Single(Validate(Catalog("python", entry)));

        Assert.StartsWith("Catalog:Images:python:", result.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains(nameof(CatalogImage.Image), result.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("registry.example.com/tools/python@sha256:abc")]
    [InlineData("python@sha256:" + Hex64 + "0")]
    [InlineData("python@sha512:" + Hex64)]
    [InlineData("python:3.12@sha256:" + Hex64)]
    [InlineData("python@SHA256:" + Hex64)]
    public void CatalogOptions_FailValidationNamingTheId_WhenAPinnedImageIsNotNameAtSha256(string image)
    {
        var entry = GoodImage();
        entry.Image = image;

        var result = Assert.Single(Validate(Catalog("python", entry)));

        Assert.StartsWith("Catalog:Images:python:", result.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("sha256", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("python@sha256:" + Hex64)]
    [InlineData("127.0.0.1:5000/cl/python@sha256:" + Hex64)]
    public void CatalogOptions_AcceptAnImagePinnedByDigest(string image)
    {
        var entry = GoodImage();
        entry.Image = image;

        Assert.Empty(Validate(Catalog("python", entry)));
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("31.00:00:00")]
    public void CatalogOptions_FailValidation_WhenRefreshIntervalIsOutOfRange(string interval)
    {
        var options = Catalog("python", GoodImage());
        options.RefreshInterval = TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture);

        var result = Assert.Single(Validate(options));

        Assert.Contains(nameof(CatalogOptions.RefreshInterval), string.Join(",", result.MemberNames) + result.ErrorMessage, StringComparison.Ordinal);
    }

    private const string Hex64 = "4f5e6d7c8b9a4f5e6d7c8b9a4f5e6d7c8b9a4f5e6d7c8b9a4f5e6d7c8b9a0123";

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(1_048_577)]
    public void CatalogOptions_FailValidation_WhenMemoryMbIsOutOfRange(int memoryMb)
    {
        var entry = GoodImage();
        entry.MemoryMb = memoryMb;

        var result = Assert.Single(Validate(Catalog("python", entry)));

        Assert.Contains(nameof(CatalogImage.MemoryMb), result.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(6)]
    [InlineData(1_048_576)]
    public void CatalogOptions_PassValidation_WhenMemoryMbIsAtItsBounds(int memoryMb)
    {
        var entry = GoodImage();
        entry.MemoryMb = memoryMb;

        Assert.Empty(Validate(Catalog("python", entry)));
    }

    [Fact]
    public void CatalogOptions_FailValidation_WhenCpusOrPidsLimitAreZero()
    {
        var entry = GoodImage();
        entry.Cpus = 0;
        entry.PidsLimit = 0;

        var results = Validate(Catalog("python", entry));

        Assert.Equal(2, results.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-bridge")]
    [InlineData("my net")]
    [InlineData("host")]
    [InlineData("container:redis")]
    [InlineData("some-other-network")]
    public void CatalogOptions_FailValidation_WhenNetworkIsNotNoneOrTheIsolatedBridge(string network)
    {
        var entry = GoodImage();
        entry.Network = network;

        var result = Assert.Single(Validate(Catalog("python", entry)));

        Assert.Contains(nameof(CatalogImage.Network), result.ErrorMessage, StringComparison.Ordinal);
    }


    [Theory]
    [InlineData("")]
    [InlineData("all")]
    [InlineData("LAN")]
    [InlineData("none")]
    public void CatalogOptions_FailValidation_WhenEgressIsNotInternetOrLan(string egress)
    {
        var entry = GoodImage();
        entry.Network = "bridge";
        entry.Egress = egress;

        var result = Assert.Single(Validate(Catalog("python", entry)));

        Assert.Contains(nameof(CatalogImage.Egress), result.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void CatalogOptions_FailValidation_WhenLanEgressIsAskedWithoutTheBridge()
    {
        var entry = GoodImage();
        entry.Egress = CatalogImage.LanEgress;

        var result = Assert.Single(Validate(Catalog("python", entry)));

        Assert.Contains("Egress 'lan' needs Network 'bridge'", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("8080", "bridge", null)]
    [InlineData("8080/http", "bridge", null)]
    [InlineData("8080", "none", "Ports need Network 'bridge'")]
    [InlineData("0", "bridge", "Ports holds HTTP ports")]
    [InlineData("65536", "bridge", "Ports holds HTTP ports")]
    [InlineData("8080/udp", "bridge", "Ports holds HTTP ports")]
    [InlineData("http", "bridge", "Ports holds HTTP ports")]
    public void CatalogOptions_ValidatePorts(string port, string network, string? error)
    {
        var entry = GoodImage();
        entry.Network = network;
        entry.Ports.Add(port);

        var results = Validate(Catalog("web", entry)).ToList();

        if (error is null)
        {
            Assert.Empty(results);
            Assert.True(entry.Serves(8080));
        }
        else
        {
            Assert.Contains(error, Assert.Single(results).ErrorMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void CatalogOptions_FailValidation_WhenAPortIsListedTwice()
    {
        var entry = GoodImage();
        entry.Network = "bridge";
        entry.Ports.Add("8080");
        entry.Ports.Add("8080/http");

        Assert.Contains("Ports lists a port twice", Assert.Single(Validate(Catalog("web", entry))).ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void CatalogOptions_PassValidation_WhenABridgedEntryAsksForTheLan()
    {
        var entry = GoodImage();
        entry.Network = "bridge";
        entry.Egress = CatalogImage.LanEgress;

        Assert.Empty(Validate(Catalog("python", entry)));
    }
    [Fact]
    public void CatalogOptions_FailValidation_WhenHealthCheckHasNoCommandOrZeroInterval()
    {
        var entry = GoodImage();
        entry.HealthCheck = new HealthCheck { Command = string.Empty, Interval = TimeSpan.Zero };

        var results = Validate(Catalog("python", entry));

        Assert.Equal(2, results.Count);
        Assert.All(results, r => Assert.StartsWith("Catalog:Images:python:", r.ErrorMessage, StringComparison.Ordinal));
        Assert.Contains(results, r => r.ErrorMessage!.Contains("at least 1 ms", StringComparison.Ordinal));
    }

    [Fact]
    public void CatalogOptions_ReportEveryBadImage_WhenSeveralAreBad()
    {
        var bad = GoodImage();
        bad.MemoryMb = 1;
        var options = new CatalogOptions
        {
            Images = new Dictionary<string, CatalogImage>(StringComparer.Ordinal)
            {
                ["good"] = GoodImage(),
                ["bad-memory"] = bad,
                ["Bad_Id"] = GoodImage(),
            },
        };

        var results = Validate(options);

        Assert.Equal(2, results.Count);
        Assert.Contains(results, r => r.ErrorMessage!.StartsWith("Catalog:Images:bad-memory:", StringComparison.Ordinal));
        Assert.Contains(results, r => r.ErrorMessage!.StartsWith("Catalog:Images:Bad_Id:", StringComparison.Ordinal));
    }
}
