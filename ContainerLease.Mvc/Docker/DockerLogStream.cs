using System.Runtime.CompilerServices;
using ContainerLease.Domain.Logs;

namespace ContainerLease.Mvc.Docker;

/// <summary>
/// The lines of an engine's raw log stream (a container's, or a Swarm service's, which the manager
/// gathers in the same frames): frames joined into lines up to <c>maxLineBytes</c>, and none from
/// before <c>since</c>, which the engine's own filter lets through at whole-second precision.
/// </summary>
internal static class DockerLogStream
{
    public static async IAsyncEnumerable<LogLine> ReadAsync(Stream stream, DockerCalls calls, int maxLineBytes, string? since, [EnumeratorCancellation] CancellationToken ct)
    {
        var frames = new DockerLogFrameReader(stream);
        var lines = new DockerLogLines(maxLineBytes);
        while (true)
        {
            var frame = await calls.RunAsync(() => frames.ReadAsync(ct), ct);
            if (frame is not { } read)
            {
                foreach (var line in lines.Flush().Where(l => since is null || !DockerLogLines.IsBefore(l.Timestamp, since)))
                {
                    yield return line;
                }

                yield break;
            }

            if (lines.Frame(read.Stderr, read.Payload.Span) is { } complete && (since is null || !DockerLogLines.IsBefore(complete.Timestamp, since)))
            {
                yield return complete;
            }
        }
    }
}
