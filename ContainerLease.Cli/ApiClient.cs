using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ContainerLease.Cli;

/// <summary>The JSON API with the caller's key; an answer that is not a success becomes a <see cref="CliException"/> with the problem's detail.</summary>
public sealed class ApiClient(Settings settings) : IDisposable
{
    public const string KeyHeader = "X-Api-Key";

    private readonly HttpClient _http = Create(settings);

    public Settings Settings => settings;

    public Task<JsonElement> GetAsync(string path, CancellationToken ct) => SendAsync(HttpMethod.Get, path, null, ct);

    public Task<JsonElement> PostAsync(string path, object? body, CancellationToken ct) => SendAsync(HttpMethod.Post, path, body, ct);

    public async Task DeleteAsync(string path, CancellationToken ct)
    {
        using var response = await CallAsync(() => _http.DeleteAsync(path, ct), ct);
    }

    public async Task<JsonElement> PutBytesAsync(string path, Stream content, CancellationToken ct)
    {
        using var body = new StreamContent(content);
        body.Headers.ContentType = new("application/octet-stream");
        using var response = await CallAsync(() => _http.PutAsync(path, body, ct), ct);
        return await response.Content.ReadFromJsonAsync<JsonElement>(ct);
    }

    /// <summary>An answer to read as a stream; the caller disposes it.</summary>
    public Task<HttpResponseMessage> GetStreamAsync(string path, CancellationToken ct) =>
        CallAsync(() => _http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, ct), ct);

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, object? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body, options: Json.Options) };
        using var response = await CallAsync(() => _http.SendAsync(request, ct), ct);
        return response.StatusCode == HttpStatusCode.NoContent ? default : await response.Content.ReadFromJsonAsync<JsonElement>(ct);
    }

    private async Task<HttpResponseMessage> CallAsync(Func<Task<HttpResponseMessage>> send, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            response = await send();
        }
        catch (HttpRequestException ex)
        {
            throw new CliException($"Could not reach {settings.Url}: {ex.InnerException?.Message ?? ex.Message}");
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw new CliException(await Problem.DescribeAsync(response, ct));
        }
    }

    private static HttpClient Create(Settings settings)
    {
        var http = new HttpClient { BaseAddress = settings.Url, Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Add(KeyHeader, settings.ApiKey);
        http.DefaultRequestHeaders.UserAgent.ParseAdd("containerlease-cli/" + typeof(ApiClient).Assembly.GetName().Version);
        return http;
    }

    public void Dispose() => _http.Dispose();
}
