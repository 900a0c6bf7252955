using System.Text;
using ContainerLease.Mvc.Terminal;
using Microsoft.AspNetCore.SignalR.Client;

namespace ContainerLease.Tests.Integration.Infrastructure;

/// <summary>One terminal session over a real SignalR connection, as the page's terminal drives it: what the shell printed so far, and its last notice.</summary>
public sealed class TerminalClient : IAsyncDisposable
{
    private readonly HubConnection _hub;
    private readonly CancellationTokenSource _stop = new();
    private readonly StringBuilder _screen = new();
    private readonly TaskCompletionSource<string> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _reading = Task.CompletedTask;

    private TerminalClient(HubConnection hub) => _hub = hub;

    public string SessionId { get; private set; } = string.Empty;

    /// <summary>Every text item so far, joined.</summary>
    public string Screen
    {
        get
        {
            lock (_screen)
            {
                return _screen.ToString();
            }
        }
    }

    public string? Notice { get; private set; }

    /// <summary>Completes when the server ends the stream: with a notice, or with the error it threw.</summary>
    public Task Ended => _reading;

    public static async Task<TerminalClient> OpenAsync(HubConnection hub, string leaseId, int columns = 80, int rows = 24)
    {
        var client = new TerminalClient(hub);
        client._reading = client.ReadAsync(leaseId, columns, rows);
        client.SessionId = await client._started.Task.WaitAsync(TimeSpan.FromSeconds(20)); // a refused session throws its HubException here
        return client;
    }

    public Task SendAsync(string text) => _hub.InvokeAsync(nameof(TerminalHub.Input), SessionId, text);

    public Task ResizeAsync(int columns, int rows) => _hub.InvokeAsync(nameof(TerminalHub.Resize), SessionId, columns, rows);

    public async Task WaitForAsync(string text, int times = 1, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (Occurrences(Screen, text) < times)
        {
            if (DateTime.UtcNow > deadline || _reading.IsCompleted)
            {
                Assert.Fail($"'{text}' is not on the terminal {times} times (notice: {Notice ?? "none"}); it shows:\n{Tail(Screen)}");
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _reading.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    public static int Occurrences(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private async Task ReadAsync(string leaseId, int columns, int rows)
    {
        try
        {
            await foreach (var item in _hub.StreamAsync<TerminalOutput>(nameof(TerminalHub.Open), leaseId, columns, rows, _stop.Token))
            {
                switch (item.Kind)
                {
                    case "started":
                        _started.TrySetResult(item.Text);
                        break;
                    case "notice":
                        Notice = item.Text;
                        break;
                    default:
                        lock (_screen)
                        {
                            _screen.Append(item.Text);
                        }

                        break;
                }
            }
        }
        catch (Exception ex)
        {
            _started.TrySetException(ex);
            throw;
        }
        finally
        {
            _started.TrySetCanceled();
        }
    }

    private static string Tail(string text) => text.Length <= 2000 ? text : text[^2000..];
}
