using System.Text;
using ContainerLease.Domain.Errors;

namespace ContainerLease.Domain.Exec;

/// <summary>
/// What a caller may ask to run: a program and its arguments as an array, never a line for a
/// shell (a caller who wants one names it), small enough for the engine and the history.
/// </summary>
public static class ExecCommand
{
    public const string Field = "command";
    public const string TimeoutField = "timeoutSeconds";
    public const int MaxElements = 64;
    public const int MaxBytes = 16 * 1024;

    /// <summary>How much of a command the lease's history keeps.</summary>
    public const int DescribedChars = 80;

    /// <summary>The command, or a <see cref="LeaseValidationException"/> that names the field and says what is wrong.</summary>
    public static IReadOnlyList<string> Check(IReadOnlyList<string?>? command)
    {
        if (command is null || command.Count == 0)
        {
            throw new LeaseValidationException(Field, "command must name the program to run and its arguments, as an array such as [\"sh\", \"-c\", \"echo hi\"].");
        }

        if (command.Count > MaxElements)
        {
            throw new LeaseValidationException(Field, $"command has {command.Count} elements; at most {MaxElements} are allowed.");
        }

        if (command.Any(a => a is null))
        {
            throw new LeaseValidationException(Field, "command's elements must all be strings; null is not one.");
        }

        if (string.IsNullOrWhiteSpace(command[0]))
        {
            throw new LeaseValidationException(Field, "command's first element, the program to run, must not be empty.");
        }

        if (command.Any(a => a!.Contains('\0', StringComparison.Ordinal)))
        {
            throw new LeaseValidationException(Field, "command's elements must not contain a NUL character.");
        }

        var bytes = command.Sum(a => Encoding.UTF8.GetByteCount(a!));
        if (bytes > MaxBytes)
        {
            throw new LeaseValidationException(Field, $"command is {bytes} bytes long in UTF-8; at most {MaxBytes} are allowed.");
        }

        return [.. command.Select(a => a!)];
    }

    /// <summary>The timeout asked for, within 1 s and <paramref name="options"/>' maximum; the default when none is asked for.</summary>
    public static TimeSpan Timeout(int? seconds, ExecOptions options)
    {
        if (seconds is null)
        {
            return options.TimeoutWhenUnsaid;
        }

        var max = (long)options.MaxTimeout.TotalSeconds;
        return seconds >= 1 && seconds <= max
            ? TimeSpan.FromSeconds(seconds.Value)
            : throw new LeaseValidationException(TimeoutField, $"timeoutSeconds must be between 1 and {max}.");
    }

    /// <summary>The command as one would type it in a shell, cut to its first <see cref="DescribedChars"/> characters.</summary>
    public static string Describe(IReadOnlyList<string> command)
    {
        var text = string.Join(' ', command.Select(Quoted));
        return text.Length <= DescribedChars ? text : text[..DescribedChars] + "…";
    }

    private static string Quoted(string argument) =>
        argument.Length > 0 && !argument.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"' or '\\' or '$' or '`')
            ? argument
            : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
