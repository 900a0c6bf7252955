using ContainerLease.Mvc.Audit;

namespace ContainerLease.Tests.Audit;

public sealed class AuditCsvTests
{
    [Theory]
    [InlineData(null, "")]
    [InlineData("alice", "alice")]
    [InlineData("sh -c 'a, b'", "\"sh -c 'a, b'\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"")]
    [InlineData("-rf", "'-rf")]
    public void Field_QuotesWhatCsvNeeds_AndDisarmsFormulas(string? value, string expected) =>
        Assert.Equal(expected, AuditCsv.Field(value));
}
