using ContainerLease.Mvc.Docker;

namespace ContainerLease.Tests.Docker;

public sealed class RegistriesOptionsTests
{
    [Theory]
    [InlineData("alpine:3.20", null)]
    [InlineData("library/alpine", null)]
    [InlineData("registry.example.com/team/app:1", "registry.example.com")]
    [InlineData("127.0.0.1:5000/cl/busybox:1", "127.0.0.1:5000")]
    [InlineData("localhost/app", "localhost")]
    public void TheRegistryOfAnImage_IsItsFirstPart_WhenThatNamesAHost(string image, string? registry) =>
        Assert.Equal(registry, RegistriesOptions.RegistryOf(image));

    [Fact]
    public void CredentialsAreFoundByHost_AndADockerHubImageHasNone()
    {
        var options = new RegistriesOptions { ["corp"] = new RegistryOptions { Server = "Registry.Example.com", Username = "u", Password = "p" } };

        Assert.Same(options["corp"], options.For("registry.example.com/team/app:1"));
        Assert.Null(options.For("alpine:3.20"));
        Assert.Null(options.For("other.example.com/app"));
    }

    [Theory]
    [InlineData("https://registry.example.com", "u", "p", null, "Server must be a registry host")]
    [InlineData("registry.example.com/path", "u", "p", null, "Server must be a registry host")]
    [InlineData("registry.example.com", "u", null, null, "needs Username and Password, or IdentityToken")]
    [InlineData("registry.example.com", null, null, null, "needs Username and Password, or IdentityToken")]
    public void ARegistryWithoutAHostOrCredentials_FailsAtStart_NamingIt(string server, string? user, string? password, string? token, string error)
    {
        var options = new RegistriesOptions { ["corp"] = new RegistryOptions { Server = server, Username = user, Password = password, IdentityToken = token } };

        var result = new RegistriesOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("Registries:corp: " + error, result.FailureMessage, StringComparison.Ordinal);
        Assert.True(new RegistriesOptionsValidator().Validate(null, new RegistriesOptions { ["t"] = new RegistryOptions { Server = "r.example.com:5000", IdentityToken = "x" } }).Succeeded);
    }
}
