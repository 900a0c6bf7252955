using ContainerLease.Mvc.Auth;

namespace ContainerLease.Tests.Auth;

/// <summary>The operator's side of sign-in: the commands that make the settings, and the checks the app makes of them at start.</summary>
public sealed class AuthSettingsTests
{
    [Fact]
    public void HashPassword_ReadsThePasswordFromStandardInput_AndPrintsAHashThatVerifiesIt()
    {
        var output = new StringWriter();

        var exit = AuthCommands.Run(["hash-password"], new StringReader("correct horse\n"), output, new StringWriter());

        var hash = output.ToString().Trim();
        Assert.Equal(0, exit);
        Assert.DoesNotContain("correct horse", hash, StringComparison.Ordinal);
        Assert.True(Passwords.IsWellFormedHash(hash));
        Assert.True(Passwords.Verify(hash, "correct horse"));
        Assert.False(Passwords.Verify(hash, "correct horse "));
    }

    [Fact]
    public void HashPassword_RefusesAnEmptyPassword()
    {
        var error = new StringWriter();

        var exit = AuthCommands.Run(["hash-password"], new StringReader(string.Empty), new StringWriter(), error);

        Assert.Equal(2, exit);
        Assert.Contains("standard input", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void NewApiKey_PrintsAFreshKeyAndTheHashToConfigure()
    {
        var first = new StringWriter();
        var second = new StringWriter();

        AuthCommands.Run(["new-api-key"], TextReader.Null, first, TextWriter.Null);
        AuthCommands.Run(["new-api-key"], TextReader.Null, second, TextWriter.Null);

        var lines = first.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Equal(Passwords.ApiKeySha256(lines[0]), lines[1]);
        Assert.Matches("^[0-9a-f]{64}$", lines[1]);
        Assert.NotEqual(first.ToString(), second.ToString());
    }

    [Fact]
    public void Validator_AcceptsWellFormedUsers()
    {
        var options = Options(("alice", new AuthUser { Role = "user", PasswordHash = Passwords.Hash("pw") }), ("ci.bot", new AuthUser { Role = "admin", ApiKeySha256 = Passwords.ApiKeySha256("k") }));

        Assert.True(new AuthOptionsValidator().Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData("Alice", "user", "hash", null, "user names are")]
    [InlineData("alice bob", "user", "hash", null, "user names are")]
    [InlineData("alice", "root", "hash", null, "Role must be")]
    [InlineData("alice", "user", "plain-text-password", null, "PasswordHash is not a hash")]
    [InlineData("alice", "user", null, "ABCDEF", "ApiKeySha256 must be 64 lowercase hex")]
    [InlineData("alice", "user", null, null, "neither a PasswordHash nor an ApiKeySha256")]
    public void Validator_RefusesAUserTheAppCouldNotUseSafely_NamingTheSetting(string name, string role, string? passwordHash, string? keyHash, string expected)
    {
        var user = new AuthUser { Role = role, PasswordHash = passwordHash == "hash" ? Passwords.Hash("pw") : passwordHash, ApiKeySha256 = keyHash };

        var result = new AuthOptionsValidator().Validate(null, Options((name, user)));

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains($"Auth:Users:{name}", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validator_RefusesTwoUsersWithTheSameKey()
    {
        var key = Passwords.ApiKeySha256("shared");

        var result = new AuthOptionsValidator().Validate(null, Options(("a", new AuthUser { ApiKeySha256 = key }), ("b", new AuthUser { ApiKeySha256 = key })));

        Assert.Contains("same ApiKeySha256", result.FailureMessage, StringComparison.Ordinal);
    }

    private static AuthOptions Options(params (string Name, AuthUser User)[] users) =>
        new() { Users = users.ToDictionary(u => u.Name, u => u.User, StringComparer.Ordinal) };
}
