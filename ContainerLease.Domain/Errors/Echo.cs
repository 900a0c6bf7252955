namespace ContainerLease.Domain.Errors;

/// <summary>What an error message repeats of the caller's input: enough to recognise it, never a whole 60 KB string.</summary>
public static class Echo
{
    public const int MaxChars = 80;

    public static string Of(string? text) =>
        text is null ? string.Empty : text.Length <= MaxChars ? text : $"{text[..MaxChars]}… ({text.Length} characters)";
}
