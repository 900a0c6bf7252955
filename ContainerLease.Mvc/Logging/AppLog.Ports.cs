using Yarp.ReverseProxy.Forwarder;

namespace ContainerLease.Mvc.Logging;

internal static partial class AppLog
{
    [LoggerMessage(2220, LogLevel.Warning, "A request to port {Port} of lease {LeaseId} failed: {Error}")]
    public static partial void PortRequestFailed(ILogger logger, Exception? exception, string leaseId, int port, ForwarderError error);
}
