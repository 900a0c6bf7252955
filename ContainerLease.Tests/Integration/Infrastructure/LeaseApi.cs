using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContainerLease.Mvc.Api.Contracts;

namespace ContainerLease.Tests.Integration.Infrastructure;

/// <summary>The JSON API as tests call it: a lease to work on, and the problem details an error answers with.</summary>
public static class LeaseApi
{
    /// <summary>A lease through <c>POST /api/provision</c>, which must answer 201 (the status and body say why not).</summary>
    public static async Task<LeaseResponse> ProvisionAsync(this HttpClient client, string imageType = "sleeper", int seconds = 120)
    {
        using var response = await client.PostAsJsonAsync("/api/provision", new { imageType, durationSeconds = seconds });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"provision of {imageType} answered {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<LeaseResponse>(body, JsonSerializerOptions.Web)!;
    }

    /// <summary>
    /// Asserts that <paramref name="response"/> (disposed here) is an RFC 9457 problem with
    /// <paramref name="status"/> whose detail holds <paramref name="detailContains"/>, if given; returns the problem.
    /// </summary>
    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? detailContains = null)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == status, $"expected {status}, got {response.StatusCode}: {body}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonDocument.Parse(body).RootElement.Clone();
            Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
            if (detailContains is not null)
            {
                Assert.Contains(detailContains, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            }

            return problem;
        }
    }
}
