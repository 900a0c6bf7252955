namespace ContainerLease.Domain.Logs;

/// <summary>
/// What one reader has been given, so that a follow opened again (from the reader's position, or
/// after a stall) repeats nothing and loses nothing.
/// </summary>
internal sealed class LogSeam(LogPosition? after)
{
    private readonly Dictionary<string, (string At, HashSet<string> Messages)> _newestByStream = new(StringComparer.Ordinal);
    private string? _last = after?.Timestamp;
    private int _seenAtLast = after?.SeenAtTimestamp ?? 0;
    private int _toSkip = after?.SeenAtTimestamp ?? 0;

    /// <summary>Where a follow opened now starts: the last line given, inclusive (null: the recent tail).</summary>
    public string? Since => _last;

    /// <summary>A follow opens again from <see cref="Since"/>: the lines given at that instant come once more and are skipped.</summary>
    public void Reopen() => _toSkip = _seenAtLast;

    /// <summary>Whether the line is new to the reader; if so it counts as given.</summary>
    public bool Admit(LogLine line)
    {
        if (_toSkip > 0 && line.Timestamp == _last)
        {
            _toSkip--;
            return false;
        }

        _toSkip = 0;
        if (IsRepeat(line))
        {
            return false;
        }

        if (line.Timestamp == _last)
        {
            _seenAtLast++;
        }
        else
        {
            (_last, _seenAtLast) = (line.Timestamp, 1);
        }

        return true;
    }

    /// <summary>
    /// The engine stamps each stream's lines in order, but a follow that crosses a log rotation
    /// reads part of the rotated file again (seen with Docker 20.10's json-file): a line older than
    /// the newest already given on its stream, or the same line at that very instant, is such a repeat.
    /// </summary>
    private bool IsRepeat(LogLine line)
    {
        var at = LogPosition.Sortable(line.Timestamp);
        if (!_newestByStream.TryGetValue(line.Stream, out var newest))
        {
            _newestByStream[line.Stream] = (at, [line.Message]);
            return false;
        }

        var order = string.CompareOrdinal(at, newest.At);
        if (order < 0 || (order == 0 && !newest.Messages.Add(line.Message)))
        {
            return true;
        }

        if (order > 0)
        {
            _newestByStream[line.Stream] = (at, [line.Message]);
        }

        return false;
    }
}
