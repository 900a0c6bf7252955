using System.Globalization;
using System.Text;

namespace ContainerLease.Mvc.Logging;

/// <summary>
/// A value a client sent, made safe to log: a control character (a newline could forge a whole
/// log line, an escape sequence could rewrite a terminal) is written as <c>\uXXXX</c>, and a
/// long value is cut, so what a client sends can neither fake nor flood the log.
/// </summary>
internal static class LogText
{
    private const int MaxLength = 256;

    public static string Of(string? value)
    {
        if (value is null)
        {
            return "(none)";
        }

        var text = new StringBuilder(Math.Min(value.Length, MaxLength) + 8);
        foreach (var c in value.Length > MaxLength ? value[..MaxLength] : value)
        {
            if (char.IsControl(c) || c is '\u2028' or '\u2029')
            {
                text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                text.Append(c);
            }
        }

        return value.Length > MaxLength ? text.Append("… (cut)").ToString() : text.ToString();
    }
}
