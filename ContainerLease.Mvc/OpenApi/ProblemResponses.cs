using ContainerLease.Mvc.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ContainerLease.Mvc.OpenApi;

/// <summary>
/// The problem-details answers each operation can give (see Errors/ErrorHandler and README's API
/// section), as <c>application/problem+json</c> against shared schemas. Those of the framework follow
/// from the operation's shape (a body or query can be invalid); those of the domain are the action's
/// <see cref="ProblemsAttribute"/>, read from what it calls.
/// </summary>
internal sealed class ProblemResponses : IOpenApiOperationTransformer
{
    private const string ProblemSchema = "ProblemDetails";
    private const string ValidationSchema = "HttpValidationProblemDetails";

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var description = context.Description;
        var document = context.Document!;
        var problem = await ReferenceAsync(document, context, typeof(ProblemDetails), ProblemSchema, cancellationToken);
        var validation = await ReferenceAsync(document, context, typeof(HttpValidationProblemDetails), ValidationSchema, cancellationToken);
        operation.Responses ??= [];

        foreach (var (status, words) in StatusesOf(description).OrderBy(p => p.Status))
        {
            var schema = status == StatusCodes.Status400BadRequest ? validation : problem;
            operation.Responses.TryAdd(status.ToString(System.Globalization.CultureInfo.InvariantCulture), new OpenApiResponse
            {
                Description = words,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = schema } },
            });
        }
    }

    /// <summary>What each problem a domain error answers means, for the operations whose <see cref="ProblemsAttribute"/> lists it.</summary>
    private static readonly Dictionary<int, string> DomainProblems = new()
    {
        [StatusCodes.Status404NotFound] = "An unknown lease, or another user's (answered exactly alike), or a path or port it does not have.",
        [StatusCodes.Status409Conflict] = "The lease cannot do that now: it ended, is paused, or its container is not running.",
        [StatusCodes.Status429TooManyRequests] = "A quota or the rate limit is full; `limit` names which.",
        [StatusCodes.Status501NotImplemented] = "This runtime cannot do it for this lease (a Swarm node whose engine the installation does not reach).",
        [StatusCodes.Status502BadGateway] = "The catalog's image could not be pulled.",
        [StatusCodes.Status503ServiceUnavailable] = "The Docker engine or the lease store does not answer, or there is no room for the lease; try again shortly.",
    };

    private static IEnumerable<(int Status, string Words)> StatusesOf(ApiDescription description)
    {
        var hasBody = description.ParameterDescriptions.Any(p => p.Source == Microsoft.AspNetCore.Mvc.ModelBinding.BindingSource.Body)
            || IsUpload(description);
        var hasQuery = description.ParameterDescriptions.Any(p => p.Source == Microsoft.AspNetCore.Mvc.ModelBinding.BindingSource.Query);

        if (hasBody || hasQuery)
        {
            yield return (400, "The request is not valid: `errors` names each field at fault, `detail` says why.");
        }

        yield return (401, "No API key, or one that is not known (never a redirect).");
        yield return (403, "The caller's role may not do this, or the lease's catalog entry does not allow it.");
        if (hasBody)
        {
            yield return (413, "The body is larger than Api:MaxRequestBodyBytes (a file: Files:MaxUploadBytes).");
        }

        if (hasBody && !IsUpload(description))
        {
            yield return (415, "The body is not JSON.");
        }

        yield return (500, "An unexpected error; `traceId` is the id the app's log names.");
        foreach (var status in ProblemsOf(description).Statuses)
        {
            yield return (status, DomainProblems[status]);
        }
    }

    private static ProblemsAttribute ProblemsOf(ApiDescription description) =>
        description.ActionDescriptor.EndpointMetadata.OfType<ProblemsAttribute>().SingleOrDefault()
        ?? throw new InvalidOperationException($"{description.ActionDescriptor.DisplayName} has no [Problems]: list the problem answers what it calls can give.");

    /// <summary>A raw upload binds no parameter; <see cref="FileUploadAttribute"/> marks it.</summary>
    internal static bool IsUpload(ApiDescription description) =>
        description.ActionDescriptor.EndpointMetadata.OfType<FileUploadAttribute>().Any();

    private static async Task<IOpenApiSchema> ReferenceAsync(OpenApiDocument document, OpenApiOperationTransformerContext context, Type type, string name, CancellationToken ct)
    {
        if (document.Components?.Schemas?.ContainsKey(name) != true)
        {
            document.AddComponent(name, await context.GetOrCreateSchemaAsync(type, null, ct));
        }

        return new OpenApiSchemaReference(name, document);
    }
}
