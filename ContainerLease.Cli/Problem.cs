using System.Net;
using System.Text.Json;

namespace ContainerLease.Cli;

/// <summary>An RFC 9457 problem in one line: its detail, and each field's error when the request was invalid.</summary>
internal static class Problem
{
    public static async Task<string> DescribeAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var status = $"{(int)response.StatusCode} {response.ReasonPhrase}";
        JsonElement problem;
        try
        {
            problem = JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync(ct));
        }
        catch (JsonException)
        {
            return response.StatusCode == HttpStatusCode.NotFound ? $"{status}: is this a ContainerLease app?" : status;
        }

        if (problem.ValueKind != JsonValueKind.Object)
        {
            return status;
        }

        var words = problem.Text("detail") ?? problem.Text("title") ?? status;
        if (problem.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
        {
            var fields = errors.EnumerateObject()
                .SelectMany(f => f.Value.EnumerateArray().Select(e => e.GetString()))
                .Where(e => e is not null && e != words);
            words = string.Join(" ", new[] { words }.Concat(fields).Distinct());
        }

        return words;
    }
}
