using Hangfire.AspNetCore;
using Hangfire.Logging;

namespace ContainerLease.Mvc.Jobs;

/// <summary>
/// Hangfire logs through one process-wide provider, and its dashboard asks it for loggers on
/// every request. Hangfire.AspNetCore points it at the logger factory of whichever app configured
/// it last; once that app is disposed while another in the process still serves (the tests host
/// several), the dashboard fails. This provider forwards to the newest app still alive, so each
/// app registers its factory for as long as its container lives.
/// </summary>
internal sealed class HangfireLogs : ILogProvider
{
    public static readonly HangfireLogs Instance = new();

    private readonly List<AspNetCoreLogProvider> _live = [];

    private HangfireLogs()
    {
    }

    public ILog GetLogger(string name)
    {
        lock (_live)
        {
            return _live.Count > 0 ? _live[^1].GetLogger(name) : Silent.Log;
        }
    }

    /// <summary>One app's factory, forwarded to until the app's container disposes this.</summary>
    internal sealed class Registration : IDisposable
    {
        private readonly AspNetCoreLogProvider _provider;

        public Registration(ILoggerFactory factory)
        {
            _provider = new AspNetCoreLogProvider(factory);
            lock (Instance._live)
            {
                Instance._live.Add(_provider);
            }
        }

        public void Dispose()
        {
            lock (Instance._live)
            {
                Instance._live.Remove(_provider);
            }
        }
    }

    private sealed class Silent : ILog
    {
        public static readonly Silent Log = new();

        bool ILog.Log(Hangfire.Logging.LogLevel logLevel, Func<string> messageFunc, Exception exception) => false;
    }
}
