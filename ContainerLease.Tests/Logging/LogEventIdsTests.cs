using System.Reflection;
using Microsoft.Extensions.Logging;

namespace ContainerLease.Tests.Logging;

/// <summary>An event id names one kind of line, so an operator's filter or alert on it catches that line and no other.</summary>
public sealed class LogEventIdsTests
{
    [Fact]
    public void EveryLogMessage_HasItsOwnEventId()
    {
        var messages = new[] { typeof(Program).Assembly, typeof(Domain.Leases.Lease).Assembly }
            .SelectMany(assembly => assembly.GetTypes())
            .SelectMany(type => type.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
            .Select(method => (Method: $"{method.DeclaringType!.Name}.{method.Name}", Attribute: method.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(m => m.Attribute is not null)
            .ToList();

        Assert.True(messages.Count > 50, $"Found only {messages.Count} [LoggerMessage] methods; the scan is looking in the wrong place.");
        var shared = messages.GroupBy(m => m.Attribute!.EventId).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Method))}").ToList();
        Assert.True(shared.Count == 0, "Event ids used more than once: " + string.Join("; ", shared));
    }
}
