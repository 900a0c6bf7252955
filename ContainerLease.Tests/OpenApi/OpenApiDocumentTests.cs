using System.Diagnostics;
using System.Net;
using System.Text.Json;
using ContainerLease.Mvc.OpenApi;
using ContainerLease.Tests.Deployment;
using ContainerLease.Tests.Integration.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ContainerLease.Tests.OpenApi;

/// <summary>The API's OpenAPI description: anonymous, valid to a validator that is not ours, and never behind the routes the app maps.</summary>
public sealed class OpenApiDocumentTests : IAsyncLifetime
{
    private readonly LeaseApp _app = new(TestSettings.For(TestSettings.NewInstallationId(), redis: null));
    private JsonDocument _document = null!;
    private string _text = null!;

    public async Task InitializeAsync()
    {
        using var anonymous = _app.Anonymous();
        using var response = await anonymous.GetAsync(OpenApiRegistration.DocumentPath);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        _text = await response.Content.ReadAsStringAsync();
        _document = JsonDocument.Parse(_text);
    }

    public async Task DisposeAsync()
    {
        _document.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Document_IsValidOpenApi31_ToAnIndependentValidator()
    {
        Assert.StartsWith("3.1", _document.RootElement.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var file = Path.Combine(Path.GetTempPath(), $"containerlease-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, _text);
        try
        {
            var (code, output) = await NodeAsync(Repository.File("scripts/validate-openapi.mjs"), file);
            Assert.True(code == 0, "@readme/openapi-parser refused the document:" + Environment.NewLine + output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Document_DescribesEveryApiRouteTheAppMaps()
    {
        var documented = _document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(verb => $"{verb.Name.ToUpperInvariant()} {path.Name}"))
            .ToHashSet(StringComparer.Ordinal);

        var mapped = MappedApiRoutes();
        // The discovery itself works: a route with a constraint comes out as OpenAPI writes it.
        Assert.Contains("POST /api/leases/{id}/ports/{port}/share", mapped);
        var missing = mapped.Where(r => !documented.Contains(r)).ToList();
        Assert.True(missing.Count == 0, "mapped under /api but not in the document: " + string.Join(", ", missing));
    }

    [Fact]
    public void Document_HasTheApiKeyScheme_AsEveryOperationsRequirement()
    {
        var root = _document.RootElement;
        var scheme = root.GetProperty("components").GetProperty("securitySchemes").GetProperty(ApiKeySecurityName);
        Assert.Equal("apiKey", scheme.GetProperty("type").GetString());
        Assert.Equal("header", scheme.GetProperty("in").GetString());
        Assert.Equal("X-Api-Key", scheme.GetProperty("name").GetString());
        Assert.Contains(root.GetProperty("security").EnumerateArray(), r => r.TryGetProperty(ApiKeySecurityName, out _));
    }

    [Fact]
    public void EveryOperation_AnswersProblemDetails_ForAMissingKey_AndALeaseOperationForAnUnknownLease()
    {
        foreach (var (route, operation) in Operations())
        {
            var responses = operation.GetProperty("responses");
            Assert.True(ProblemContent(responses, "401"), $"{route} has no 401 problem");
            if (route.Contains("{id}", StringComparison.Ordinal))
            {
                Assert.True(ProblemContent(responses, "404"), $"{route} has no 404 problem");
            }
        }

        Assert.True(_document.RootElement.GetProperty("components").GetProperty("schemas").TryGetProperty("ProblemDetails", out _));
    }

    /// <summary>Problems an operation can answer are listed, and ones it cannot are not (from what each action calls).</summary>
    [Theory]
    [InlineData("get /api/images", "401 403 500", "400 404 409 503")]
    [InlineData("get /api/containers", "400 503", "404 409 501")]
    [InlineData("get /api/leases/{id}", "404 503", "400 409 501")]
    [InlineData("delete /api/leases/{id}", "404 409 503", "400 415 501")]
    [InlineData("post /api/leases/{id}/exec", "400 403 404 409 413 415 501 503", "429 502")]
    [InlineData("get /api/leases/{id}/files", "400 404 409 501", "413 415 429")]
    [InlineData("post /api/provision", "400 413 415 429 502 503", "404 409 501")]
    public void Operation_ListsTheProblemsItCanAnswer_AndNoOthers(string route, string listed, string absent)
    {
        var responses = Operations().Single(o => o.Route == route).Operation.GetProperty("responses");
        Assert.All(listed.Split(' '), status => Assert.True(ProblemContent(responses, status), $"{route} lacks {status}"));
        Assert.All(absent.Split(' '), status => Assert.False(responses.TryGetProperty(status, out _), $"{route} lists {status}"));
    }

    [Fact]
    public void Provision_CarriesReadmesExample_AndItsCreatedAnswer()
    {
        var provision = _document.RootElement.GetProperty("paths").GetProperty("/api/provision").GetProperty("post");
        var example = provision.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("example");
        Assert.Equal("busybox", example.GetProperty("imageType").GetString());
        Assert.True(provision.GetProperty("responses").TryGetProperty("201", out _));
        Assert.True(ProblemContent(provision.GetProperty("responses"), "429"));
    }

    private const string ApiKeySecurityName = "apiKey";

    private static bool ProblemContent(JsonElement responses, string status) =>
        responses.TryGetProperty(status, out var response)
        && response.GetProperty("content").TryGetProperty("application/problem+json", out _);

    private IEnumerable<(string Route, JsonElement Operation)> Operations() =>
        _document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(verb => ($"{verb.Name} {path.Name}", verb.Value)));

    /// <summary>"VERB /api/..." for every endpoint the app itself maps under /api, its route constraints left out as OpenAPI paths leave them.</summary>
    private List<string> MappedApiRoutes()
    {
        var routes = new List<string>();
        foreach (var endpoint in _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var path = "/" + string.Join("/", endpoint.RoutePattern.PathSegments.Select(Segment));
            if (!path.StartsWith("/api/", StringComparison.Ordinal) || path == OpenApiRegistration.DocsRedirectPath)
            {
                continue;
            }

            var verbs = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["ANY"];
            routes.AddRange(verbs.Select(v => $"{v} {path}"));
        }

        return routes;
    }

    private static string Segment(Microsoft.AspNetCore.Routing.Patterns.RoutePatternPathSegment segment) =>
        string.Concat(segment.Parts.Select(part => part switch
        {
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternSeparatorPart separator => separator.Content,
            _ => throw new InvalidOperationException("unknown route part " + part),
        }));

    private static async Task<(int Code, string Output)> NodeAsync(params string[] args)
    {
        var start = new ProcessStartInfo("node") { WorkingDirectory = Repository.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var node = Process.Start(start)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await node.WaitForExitAsync(timeout.Token);
        return (node.ExitCode, await stdout + await stderr);
    }
}
