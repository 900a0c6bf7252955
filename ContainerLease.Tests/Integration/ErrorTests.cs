using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ContainerLease.Tests.Integration.Infrastructure;

namespace ContainerLease.Tests.Integration;

/// <summary>Bad input gets problem details naming the field, and leaves no container and no lease behind.</summary>
[Collection(SharedApp.Name)]
public sealed class ErrorTests(AppFixture app)
{
    public static TheoryData<string, HttpStatusCode, string> BadRequests => new()
    {
        { """{"imageType":"nope","durationSeconds":30}""", HttpStatusCode.BadRequest, "imageType" },
        { """{"imageType":"sleeper","durationSeconds":0}""", HttpStatusCode.BadRequest, "durationSeconds" },
        { """{"imageType":"sleeper","durationMinutes":11}""", HttpStatusCode.BadRequest, "durationMinutes" },
        { """{"imageType":"sleeper","durationMinutes":1,"durationSeconds":60}""", HttpStatusCode.BadRequest, "durationSeconds" },
        { """{"imageType":"sleeper"}""", HttpStatusCode.BadRequest, "durationMinutes" },
        { """{"durationSeconds":30}""", HttpStatusCode.BadRequest, "imageType" },
        { """{"imageType":"sleeper","durationSeconds":""", HttpStatusCode.BadRequest, "$.durationSeconds" },
        { """{"imageType":"sleeper","durationSeconds":"soon"}""", HttpStatusCode.BadRequest, "$.durationSeconds" },
        { """{"imageType":"missing","durationSeconds":30}""", HttpStatusCode.BadGateway, "" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Provision_AnswersProblemAndLeavesNothing_WhenRequestCannotBeServed(string body, HttpStatusCode status, string field)
    {
        var before = await SnapshotAsync();

        var response = await app.Client.PostAsync("/api/provision", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal((int)status, problem.RootElement.GetProperty("status").GetInt32());
        if (field.Length > 0)
        {
            Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), $"the problem does not name {field}: {problem.RootElement}");
        }
        else
        {
            Assert.Contains("could not be pulled", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(before, await SnapshotAsync());
    }

    /// <summary>Bodies the serializer cannot read, and the one error each answer must give: the field and what it takes, in words.</summary>
    public static TheoryData<string, string, string, string> UnreadableBodies => new()
    {
        { "/api/provision", """{"imageType":"sleeper","durationSeconds":"x"}""", "$.durationSeconds", "durationSeconds must be a whole number such as 30 (at most 2147483647)." },
        { "/api/provision", """{"imageType":"sleeper","durationMinutes":2147483648}""", "$.durationMinutes", "durationMinutes must be a whole number such as 30 (at most 2147483647)." },
        { "/api/provision", """{"imageType":5,"durationSeconds":30}""", "$.imageType", "imageType must be a string in double quotes." },
        { "/api/provision", "{", "$", "The body is not valid JSON (line 1, byte 2)." },
        { "/api/provision", "[]", "$", "The body must be one JSON object with the fields imageType, durationMinutes, durationSeconds." },
        { "/api/leases/0123456789abcdef0123456789abcdef/extend", "[30]", "$", "The body must be one JSON object with the fields durationMinutes, durationSeconds." },
        { "/api/leases/0123456789abcdef0123456789abcdef/extend", """{"durationSeconds":true}""", "$.durationSeconds", "durationSeconds must be a whole number such as 30 (at most 2147483647)." },
    };

    [Theory]
    [MemberData(nameof(UnreadableBodies))]
    public async Task UnreadableJson_IsOneErrorSayingWhatTheFieldTakes_NeverTheSerializersWords(string path, string body, string field, string message)
    {
        using var response = await app.Client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = Assert.Single(problem.RootElement.GetProperty("errors").EnumerateObject());
        Assert.Equal(field, error.Name);
        Assert.Equal(message, Assert.Single(error.Value.EnumerateArray()).GetString());
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef")]
    [InlineData("not-a-lease")]
    public async Task UnknownLease_Answers404ProblemForEveryVerb(string id)
    {
        var responses = new[]
        {
            await app.Client.GetAsync($"/api/leases/{id}"),
            await app.Client.DeleteAsync($"/api/leases/{id}"),
            await app.Client.PostAsJsonAsync($"/api/leases/{id}/extend", new { durationSeconds = 5 }),
        };

        Assert.All(responses, r =>
        {
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
            Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        });
    }

    [Theory]
    [InlineData("page=0")]
    [InlineData("pageSize=0")]
    [InlineData("pageSize=100000")]
    [InlineData("page=abc")]
    public async Task List_RejectsBadPaging(string query)
    {
        var response = await app.Client.GetAsync($"/api/containers?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>What a failed request must not change: the installation's containers and the number of active leases.</summary>
    private async Task<string> SnapshotAsync()
    {
        var containers = (await app.ContainersAsync()).Select(c => c.ID).Order();
        var list = await app.Client.GetFromJsonAsync<JsonElement>("/api/containers?pageSize=200");
        return $"{string.Join(',', containers)} | {list.GetProperty("total").GetInt64()}";
    }
}
