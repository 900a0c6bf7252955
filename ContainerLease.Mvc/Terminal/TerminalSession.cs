using System.Text;
using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Ports;

namespace ContainerLease.Mvc.Terminal;

/// <summary>
/// One open terminal: its shell, who opened it from which connection, and its idle clock, which
/// input and output both reset. Output is decoded from UTF-8 here, once and statefully, so a
/// character split across two reads reaches the browser whole.
/// </summary>
public sealed class TerminalSession : IAsyncDisposable
{
    private readonly ITerminalProcess _process;
    private readonly TimeSpan _idleTimeout;
    private readonly CancellationTokenSource _idle;
    private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
    private readonly byte[] _bytes = new byte[16 * 1024];
    private readonly char[] _chars;

    public TerminalSession(ITerminalProcess process, LeaseId leaseId, string user, string connectionId, TimeSpan idleTimeout, TimeProvider time)
    {
        _process = process;
        _idleTimeout = idleTimeout;
        _idle = new CancellationTokenSource(idleTimeout, time);
        _chars = new char[Encoding.UTF8.GetMaxCharCount(_bytes.Length)];
        LeaseId = leaseId;
        User = user;
        ConnectionId = connectionId;
        OpenedAt = time.GetUtcNow();
    }

    public string Id { get; } = Guid.NewGuid().ToString("N");

    public LeaseId LeaseId { get; }

    public string User { get; }

    public string ConnectionId { get; }

    public DateTimeOffset OpenedAt { get; }

    /// <summary>Cancelled after <c>Terminal:IdleTimeout</c> with neither input nor output.</summary>
    public CancellationToken Idle => _idle.Token;

    public bool IsIdle => _idle.IsCancellationRequested;

    /// <summary>The next text the shell printed, or null once it has exited or its container is gone.</summary>
    public async Task<string?> ReadAsync(CancellationToken ct)
    {
        while (true)
        {
            var read = await _process.ReadAsync(_bytes, ct);
            if (read == 0)
            {
                return null;
            }

            Touch();
            var count = _decoder.GetChars(_bytes, 0, read, _chars, 0, flush: false);
            if (count > 0)
            {
                return new string(_chars, 0, count);
            }

            // Only the start of a character so far: it ends in the next read.
        }
    }

    public async Task InputAsync(string text, CancellationToken ct)
    {
        Touch();
        await _process.WriteAsync(Encoding.UTF8.GetBytes(text), ct);
    }

    public Task ResizeAsync(TerminalSize size, CancellationToken ct) => _process.ResizeAsync(size, ct);

    public Task<long?> ExitCodeAsync(CancellationToken ct) => _process.ExitCodeAsync(ct);

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        _idle.Dispose();
    }

    private void Touch()
    {
        if (!_idle.IsCancellationRequested)
        {
            _idle.CancelAfter(_idleTimeout);
        }
    }
}
