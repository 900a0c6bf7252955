using ContainerLease.Mvc.Ports;
using static ContainerLease.Tests.OptionsValidation;

namespace ContainerLease.Tests.Ports;

public sealed class PortsOptionsTests
{
    [Theory]
    [InlineData("leases.example.com")]
    [InlineData("/relative")]
    [InlineData("ftp://leases.example.com")]
    [InlineData("https://leases.example.com/?x=1")]
    public void PublicBaseUrl_MustBeAnAbsoluteHttpAddress(string url)
    {
        var result = Assert.Single(Validate(new PortsOptions { PublicBaseUrl = url }));
        Assert.Contains(nameof(PortsOptions.PublicBaseUrl), result.MemberNames);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("00:10:00")]
    public void ConnectTimeout_IsBounded(string timeout)
    {
        var result = Assert.Single(Validate(new PortsOptions { ConnectTimeout = TimeSpan.Parse(timeout, System.Globalization.CultureInfo.InvariantCulture) }));
        Assert.Contains(nameof(PortsOptions.ConnectTimeout), result.MemberNames);
    }

    [Theory]
    [InlineData("{port}.leases.example.com")]
    [InlineData("{lease}.{port}.example.com")]
    [InlineData("{port}-{lease}-{port}.example.com")]
    [InlineData("{port}-{lease}")]
    [InlineData("{port}-{lease}.exa mple.com")]
    public void HostPattern_NeedsPortAndLeaseOnceInItsFirstLabel(string pattern)
    {
        var result = Assert.Single(Validate(new PortsOptions { HostPattern = pattern, PublicBaseUrl = "https://leases.example.com" }));
        Assert.Contains("{port} and {lease} once each", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void HostPattern_NeedsThePublicBaseUrl()
    {
        Assert.Contains("needs Ports:PublicBaseUrl", Assert.Single(Validate(new PortsOptions { HostPattern = "{port}-{lease}.leases.example.com" })).ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(Validate(new PortsOptions { HostPattern = "p{port}-{lease}.leases.example.com", PublicBaseUrl = "https://example.com" }));
    }

    [Fact]
    public void Defaults_AndAnHttpsBaseUrl_Pass()
    {
        Assert.Empty(Validate(new PortsOptions()));
        Assert.Empty(Validate(new PortsOptions { PublicBaseUrl = "https://leases.example.com/" }));
    }
}
