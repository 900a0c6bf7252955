using Microsoft.Extensions.Logging;

namespace ContainerLease.Tests.Integration.Infrastructure;

/// <summary>
/// Writes an in-process app's log to <see cref="Folder"/><c>/{installation}.app.log</c> instead of the console, so a failed
/// integration test (here or in CI) can be read back with the app's own account of what happened.
/// </summary>
public sealed class FileLoggerProvider : ILoggerProvider
{
    private readonly StreamWriter _writer;
    private readonly Lock _gate = new();

    public FileLoggerProvider(string installationId, string kind = "app")
    {
        Path = PathFor(installationId, kind);
        _writer = new StreamWriter(Path, append: true) { AutoFlush = true };
    }

    /// <summary>Where every app of a test run logs: one folder per run when scripts/test.sh names it.</summary>
    public static string Folder { get; } = Environment.GetEnvironmentVariable("CONTAINERLEASE_TEST_LOGS") is { Length: > 0 } folder
        ? folder
        : System.IO.Path.Combine(System.IO.Path.GetTempPath(), "containerlease-tests");

    /// <summary>The log file of an app of <paramref name="installationId"/>; <paramref name="kind"/> tells apart several apps of one installation.</summary>
    public static string PathFor(string installationId, string kind = "app")
    {
        Directory.CreateDirectory(Folder);
        return System.IO.Path.Combine(Folder, $"{installationId}.{kind}.log");
    }

    public string Path { get; }

    public ILogger CreateLogger(string categoryName) => new FileLogger(this, categoryName);

    public void Dispose()
    {
        lock (_gate)
        {
            _writer.Dispose();
        }
    }

    private void Write(string line)
    {
        lock (_gate)
        {
            _writer.WriteLine(line);
        }
    }

    private sealed class FileLogger(FileLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                provider.Write($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)}{(exception is null ? string.Empty : Environment.NewLine + exception)}");
            }
        }
    }
}
