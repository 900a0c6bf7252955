using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace ContainerLease.Mvc.Api;

/// <summary>
/// The serializer's own messages name .NET types (<c>System.Nullable`1[System.Int32]</c>), so the
/// app turns them off and a body it cannot read leaves only "The input was not valid." This says
/// instead what was wrong in the API's words: which field takes what, or where the text stops
/// being JSON. The body parameter's own "required" error is dropped when its reason is said.
/// </summary>
internal static class JsonErrorWords
{
    public static void Rewrite(ActionContext context)
    {
        var body = context.ActionDescriptor.Parameters.FirstOrDefault(p => p.BindingInfo?.BindingSource == BindingSource.Body);
        if (body is null)
        {
            return;
        }

        var state = context.ModelState;
        foreach (var key in state.Keys.ToList())
        {
            var errors = state[key]!.Errors;
            var said = errors.Select(e => IsUnsaid(e) ? ModelErrorFor(key, (JsonException)e.Exception!, body.ParameterType) : e).ToList();
            errors.Clear();
            foreach (var error in said)
            {
                errors.Add(error);
            }
        }

        if (state.ContainsKey(body.Name) && state.Any(e => e.Key != body.Name && e.Value?.Errors.Count > 0))
        {
            state.Remove(body.Name);
        }
    }

    private static bool IsUnsaid(ModelError error) => error.Exception is JsonException && string.IsNullOrEmpty(error.ErrorMessage);

    private static ModelError ModelErrorFor(string key, JsonException error, Type bodyType)
    {
        // Text that is not JSON fails in the reader, whose own exception (a JsonException too) the
        // serializer wraps; a value of the wrong kind fails in the serializer itself.
        if (error.InnerException is JsonException)
        {
            return new ModelError($"The body is not valid JSON (line {error.LineNumber + 1}, byte {error.BytePositionInLine + 1}).");
        }

        var fields = bodyType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Name: JsonNamingPolicy.CamelCase.ConvertName(p.Name), p.PropertyType)).ToList();
        var name = key.StartsWith("$.", StringComparison.Ordinal) ? key[2..].Split('.', '[')[0] : string.Empty;
        var field = fields.Find(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
        return field.Name is not null
            ? new ModelError($"{field.Name} must be {Kind(field.PropertyType)}.")
            : new ModelError($"The body must be one JSON object with the fields {string.Join(", ", fields.Select(f => f.Name))}.");
    }

    private static string Kind(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(int) => "a whole number such as 30 (at most 2147483647)",
        var t when t == typeof(string) => "a string in double quotes",
        var t when t == typeof(bool) => "true or false",
        var t when t == typeof(string[]) => "an array of strings such as [\"sh\", \"-c\", \"echo hi\"]",
        _ => "a value of another kind",
    };
}
