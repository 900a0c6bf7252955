using System.Net.Http.Json;
using System.Text.Json;
using ContainerLease.Tests.Integration.Infrastructure;

namespace ContainerLease.Tests.Integration;

/// <summary><c>Audit:Retention</c> on the Redis stream: a write trims what has grown older than it.</summary>
public sealed class AuditRetentionTests : PrivateApp
{
    protected override void Configure(Dictionary<string, string?> settings) => settings["Audit:Retention"] = "00:00:03";

    [Fact]
    public async Task AWrite_TrimsEntriesOlderThanTheRetention()
    {
        await FailSignInAsync("early");
        using var admin = App.CreateClient().As(TestUsers.Admin);
        Assert.Equal(["early"], await ActorsAsync(admin));

        await Task.Delay(TimeSpan.FromSeconds(4));
        await FailSignInAsync("late");

        Assert.Equal(["late"], await ActorsAsync(admin));
    }

    private async Task FailSignInAsync(string name)
    {
        using var client = App.Anonymous();
        using var response = await client.PostAsync("/login", await Clients.FormAsync(client, "/login", new() { ["UserName"] = name, ["Password"] = "wrong" }));
    }

    private static async Task<List<string>> ActorsAsync(HttpClient admin)
    {
        var page = await admin.GetFromJsonAsync<JsonElement>("/api/audit?event=sign-in-failed", JsonSerializerOptions.Web);
        return [.. page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("actor").GetString()!)];
    }
}
