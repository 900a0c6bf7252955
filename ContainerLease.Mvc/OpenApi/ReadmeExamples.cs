using System.Text.Json.Nodes;
using ContainerLease.Mvc.Api.Contracts;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ContainerLease.Mvc.OpenApi;

/// <summary>The request bodies README's API table shows, as examples beside their schemas.</summary>
internal sealed class ReadmeExamples : IOpenApiOperationTransformer
{
    private static readonly Dictionary<Type, string> Examples = new()
    {
        [typeof(ProvisionBody)] = """{"imageType":"busybox","durationMinutes":2}""",
        [typeof(ExtendBody)] = """{"durationMinutes":5}""",
        [typeof(ExecBody)] = """{"command":["sh","-c","echo out; echo err >&2; exit 3"],"stdin":"optional text","timeoutSeconds":30}""",
        [typeof(ShareBody)] = """{"durationMinutes":60}""",
    };

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var body = context.Description.ParameterDescriptions.FirstOrDefault(p => p.Source == BindingSource.Body);
        if (body is not null && Examples.TryGetValue(body.Type, out var example) && operation.RequestBody?.Content is { } content)
        {
            foreach (var media in content.Values)
            {
                media.Example = JsonNode.Parse(example);
            }
        }

        return Task.CompletedTask;
    }
}
