using ContainerLease.Mvc.Api;
using static ContainerLease.Tests.OptionsValidation;

namespace ContainerLease.Tests.Api;

public sealed class ApiOptionsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1023)]
    [InlineData(10L * 1024 * 1024 + 1)]
    public void ApiOptions_FailValidation_WhenBodyLimitIsOutOfRange(long bytes)
    {
        var result = Assert.Single(Validate(new ApiOptions { MaxRequestBodyBytes = bytes }));
        Assert.Contains(nameof(ApiOptions.MaxRequestBodyBytes), result.MemberNames);
    }

    [Fact]
    public void ApiOptions_PassValidation_WhenDefaults() => Assert.Empty(Validate(new ApiOptions()));
}
