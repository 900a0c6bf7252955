using Microsoft.Extensions.Logging;

namespace ContainerLease.Domain.Logging;

/// <summary>What was copied in or out, by whom; never a file's contents.</summary>
internal static partial class DomainLog
{
    [LoggerMessage(1110, LogLevel.Information, "{Caller} wrote {Bytes} bytes to {Path} in lease {LeaseId}")]
    public static partial void FileWritten(ILogger logger, string leaseId, string path, long bytes, string caller);

    [LoggerMessage(1111, LogLevel.Information, "{Caller} read {Path} (a folder: {IsFolder}) from lease {LeaseId}")]
    public static partial void FileRead(ILogger logger, string leaseId, string path, bool isFolder, string caller);
}
