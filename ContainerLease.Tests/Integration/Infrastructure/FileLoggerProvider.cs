using Microsoft.Extensions.Logging;

namespace ContainerLease.Tests.Integration.Infrastructure;

/// <summary>
/// Writes an in-process app's log to <c>/tmp/containerlease-tests/{installation}.log</c>, so a failed
/// integration test (here or in CI) can be read back with the app's own account of what happened.
/// </summary>
public sealed class FileLoggerProvider : ILoggerProvider
{
    private readonly StreamWriter _writer;
    private readonly Lock _gate = new();

    public FileLoggerProvider(string installationId)
    {
        Directory.CreateDirectory(Folder);
        Path = System.IO.Path.Combine(Folder, installationId + ".log");
        _writer = new StreamWriter(Path, append: true) { AutoFlush = true };
    }

    public static string Folder => System.IO.Path.Combine(System.IO.Path.GetTempPath(), "containerlease-tests");

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
