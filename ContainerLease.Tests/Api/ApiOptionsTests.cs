using System.ComponentModel.DataAnnotations;
using ContainerLease.Mvc.Api;

namespace ContainerLease.Tests.Api;

public sealed class ApiOptionsTests
{
    private static List<ValidationResult> Validate(ApiOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }

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
