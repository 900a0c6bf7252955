using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ContainerLease.Mvc.Live;
using ContainerLease.Tests.Integration.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace ContainerLease.Tests.Integration;

/// <summary>
/// A sweep of hostile and careless input over every endpoint and hub method: each gets a 4xx
/// problem (or a hub error) that says what was wrong, never a 500 or a dropped connection, and
/// nothing changes on the engine or in the lease list.
/// </summary>
[Collection(SharedApp.Name)]
public sealed partial class BadInputTests(AppFixture app)
{
    /// <summary>In a case, stands for the id of a real active lease, so that only the rest of the input is bad.</summary>
    private const string Active = "{active}";

    private const string Json = "application/json";

    private static readonly ConcurrentDictionary<string, Lazy<Task<LeaseResponse>>> ActiveLeases = new();

    private static readonly string TenMegabytes = new('a', 10 * 1024 * 1024);

    private static readonly string LongString = new('x', 60 * 1024);

    public static TheoryData<string, string, string, HttpStatusCode> ProvisionBodies => new()
    {
        { "empty body", string.Empty, Json, HttpStatusCode.BadRequest },
        { "unclosed object", "{", Json, HttpStatusCode.BadRequest },
        { "trailing comma", """{"imageType":"sleeper","durationSeconds":30,}""", Json, HttpStatusCode.BadRequest },
        { "trailing garbage", """{"imageType":"sleeper","durationSeconds":30}}""", Json, HttpStatusCode.BadRequest },
        { "not json", "imageType=sleeper", Json, HttpStatusCode.BadRequest },
        { "json null", "null", Json, HttpStatusCode.BadRequest },
        { "json array", "[]", Json, HttpStatusCode.BadRequest },
        { "json string", "\"sleeper\"", Json, HttpStatusCode.BadRequest },
        { "nested 10000 deep", new string('[', 10_000) + new string(']', 10_000), Json, HttpStatusCode.BadRequest },
        { "imageType a number", """{"imageType":5,"durationSeconds":30}""", Json, HttpStatusCode.BadRequest },
        { "imageType an object", """{"imageType":{},"durationSeconds":30}""", Json, HttpStatusCode.BadRequest },
        { "imageType an array", """{"imageType":["sleeper"],"durationSeconds":30}""", Json, HttpStatusCode.BadRequest },
        { "imageType null", """{"imageType":null,"durationSeconds":30}""", Json, HttpStatusCode.BadRequest },
        { "duration a word", """{"imageType":"sleeper","durationSeconds":"thirty"}""", Json, HttpStatusCode.BadRequest },
        { "duration a fraction", """{"imageType":"sleeper","durationSeconds":30.5}""", Json, HttpStatusCode.BadRequest },
        { "duration a boolean", """{"imageType":"sleeper","durationSeconds":true}""", Json, HttpStatusCode.BadRequest },
        { "durations both null", """{"imageType":"sleeper","durationSeconds":null,"durationMinutes":null}""", Json, HttpStatusCode.BadRequest },
        { "duration negative", """{"imageType":"sleeper","durationSeconds":-1}""", Json, HttpStatusCode.BadRequest },
        { "minutes int min", """{"imageType":"sleeper","durationMinutes":-2147483648}""", Json, HttpStatusCode.BadRequest },
        { "minutes int max", """{"imageType":"sleeper","durationMinutes":2147483647}""", Json, HttpStatusCode.BadRequest },
        { "seconds int max", """{"imageType":"sleeper","durationSeconds":2147483647}""", Json, HttpStatusCode.BadRequest },
        { "seconds overflow int", """{"imageType":"sleeper","durationSeconds":2147483648}""", Json, HttpStatusCode.BadRequest },
        { "seconds overflow long", """{"imageType":"sleeper","durationSeconds":9223372036854775808}""", Json, HttpStatusCode.BadRequest },
        { "seconds below long", """{"imageType":"sleeper","durationSeconds":-9223372036854775809}""", Json, HttpStatusCode.BadRequest },
        { "seconds 1e400", """{"imageType":"sleeper","durationSeconds":1e400}""", Json, HttpStatusCode.BadRequest },
        { "control characters", """{"imageType":"sleep\u0000er\u001b[31m\r\n","durationSeconds":30}""", Json, HttpStatusCode.BadRequest },
        { "lone surrogate", """{"imageType":"\ud800","durationSeconds":30}""", Json, HttpStatusCode.BadRequest },
        { "unicode image", """{"imageType":"слипер😀","durationSeconds":30}""", Json, HttpStatusCode.BadRequest },
        { "path as image", """{"imageType":"../../etc/passwd","durationSeconds":30}""", Json, HttpStatusCode.BadRequest },
        { "60 KB image", $$"""{"imageType":"{{LongString}}","durationSeconds":30}""", Json, HttpStatusCode.BadRequest },
        { "10 MB body", $$"""{"imageType":"{{TenMegabytes}}","durationSeconds":30}""", Json, HttpStatusCode.RequestEntityTooLarge },
        { "form content type", "imageType=sleeper&durationSeconds=30", "application/x-www-form-urlencoded", HttpStatusCode.UnsupportedMediaType },
        { "text content type", """{"imageType":"sleeper","durationSeconds":30}""", "text/plain", HttpStatusCode.UnsupportedMediaType },
    };

    public static TheoryData<string, string> ListQueries => new()
    {
        { "page zero", "page=0" },
        { "page negative", "page=-1" },
        { "page not a number", "page=abc" },
        { "page a fraction", "page=1.5" },
        { "page overflows int", "page=2147483648" },
        { "page overflows long", "page=99999999999999999999" },
        { "page past the range", "page=1000001" },
        { "size zero", "pageSize=0" },
        { "size negative", "pageSize=-5" },
        { "size too big", "pageSize=201" },
        { "size int max", "pageSize=2147483647" },
        { "size overflows int", "pageSize=2147483648" },
        { "size unicode digits", "pageSize=%D9%A5" },
    };

    /// <summary>
    /// Ids that name no lease, as they go on the wire: .NET removes literal dot segments and keeps
    /// percent-escapes. (An escaped NUL in a path is refused by Kestrel itself, and by the test
    /// server before it sends, so it is tried on the hub and in bodies instead.)
    /// </summary>
    public static TheoryData<string, string, HttpStatusCode> BadIds => new()
    {
        { "dot dot", "..", HttpStatusCode.NotFound },
        { "dot dot to another endpoint", "../../api/provision", HttpStatusCode.MethodNotAllowed },
        { "encoded dot dot", "%2e%2e", HttpStatusCode.NotFound },
        { "encoded slash", "..%2F..%2Fcontainers", HttpStatusCode.NotFound },
        { "double-encoded slash", "%252e%252e%252f", HttpStatusCode.NotFound },
        { "backslash", "..%5C..%5Cetc", HttpStatusCode.NotFound },
        { "upper case hex", "0123456789ABCDEF0123456789ABCDEF", HttpStatusCode.NotFound },
        { "31 hex digits", "0123456789abcdef0123456789abcde", HttpStatusCode.NotFound },
        { "33 hex digits", "0123456789abcdef0123456789abcdef0", HttpStatusCode.NotFound },
        { "control character", "0123456789abcdef0123456789abcde%07", HttpStatusCode.NotFound },
        { "only a space", "%20", HttpStatusCode.BadRequest },
        { "unicode", "%D0%BB%D0%B8%D0%B7%F0%9F%98%80", HttpStatusCode.NotFound },
        { "container name", "containerlease-0123456789abcdef0123456789abcdef", HttpStatusCode.NotFound },
        { "4 KB id", new string('a', 4096), HttpStatusCode.NotFound },
    };

    public static TheoryData<string, string, string, HttpStatusCode> ExtendInputs => new()
    {
        { "unknown lease", "0123456789abcdef0123456789abcdef", """{"durationSeconds":30}""", HttpStatusCode.NotFound },
        { "path trick id", "..%2F..%2Fcontainers", """{"durationSeconds":30}""", HttpStatusCode.NotFound },
        { "4 KB id", new string('a', 4096), """{"durationSeconds":30}""", HttpStatusCode.NotFound },
        { "empty body", Active, string.Empty, HttpStatusCode.BadRequest },
        { "malformed json", Active, """{"durationSeconds":""", HttpStatusCode.BadRequest },
        { "json array", Active, "[30]", HttpStatusCode.BadRequest },
        { "neither duration", Active, "{}", HttpStatusCode.BadRequest },
        { "both durations", Active, """{"durationSeconds":30,"durationMinutes":1}""", HttpStatusCode.BadRequest },
        { "duration a word", Active, """{"durationSeconds":"thirty"}""", HttpStatusCode.BadRequest },
        { "duration zero", Active, """{"durationSeconds":0}""", HttpStatusCode.BadRequest },
        { "duration negative", Active, """{"durationSeconds":-30}""", HttpStatusCode.BadRequest },
        { "minutes int min", Active, """{"durationMinutes":-2147483648}""", HttpStatusCode.BadRequest },
        { "minutes int max", Active, """{"durationMinutes":2147483647}""", HttpStatusCode.BadRequest },
        { "seconds overflow int", Active, """{"durationSeconds":2147483648}""", HttpStatusCode.BadRequest },
        { "seconds overflow long", Active, """{"durationSeconds":9223372036854775808}""", HttpStatusCode.BadRequest },
        { "control characters", Active, "{\"durationSeconds\":\"\u0001\u0007\"}", HttpStatusCode.BadRequest },
        { "10 MB body", Active, $$"""{"durationSeconds":30,"pad":"{{TenMegabytes}}"}""", HttpStatusCode.RequestEntityTooLarge },
    };

    /// <summary>Arguments for <c>StreamLogs(leaseId, since, seenAtSince)</c>, and a word the hub error must contain.</summary>
    public static TheoryData<string, object?[], string> StreamLogsArguments => new()
    {
        { "null lease id", [null, null, 0], "no lease" },
        { "unknown lease id", ["0123456789abcdef0123456789abcdef", null, 0], "no lease" },
        { "path trick id", ["../../containers", null, 0], "no lease" },
        { "NUL id", ["\0", null, 0], "no lease" },
        { "unicode id", ["слипер😀", null, 0], "no lease" },
        { "10,000-character id", [new string('a', 10_000), null, 0], "no lease" },
        { "id a number", [42, null, 0], "binding arguments" },
        { "id an object", [new { id = "x" }, null, 0], "binding arguments" },
        { "too few arguments", [Active], "argument" },
        { "too many arguments", [Active, null, 0, 1], "argument" },
        { "count a string", [Active, null, "many"], "binding arguments" },
        { "count null", [Active, null, null], "binding arguments" },
        { "count a fraction", [Active, null, 1.5], "binding arguments" },
        { "count overflows int", [Active, null, 2147483648L], "binding arguments" },
        { "count negative, unknown lease", ["0123456789abcdef0123456789abcdef", null, -1], "no lease" },
        { "since not a timestamp", [Active, "yesterday", 0], "since" },
        { "since with a bad fraction", [Active, "2025-01-01T00:00:00.abcZ", 0], "since" },
        { "since a number", [Active, 1700000000, 0], "binding arguments" },
        { "since 20,000 digits", [Active, new string('9', 20_000), 0], "since" },
        { "since with an offset", [Active, "2025-01-01T00:00:00+02:00", 0], "since" },
        { "since with ten fractional digits", [Active, "2025-01-01T00:00:00.1234567890Z", 0], "since" },
        { "since on the 31st of February", [Active, "2025-02-31T00:00:00Z", 0], "since" },
    };

    public static TheoryData<string, string, object?[]> LeaseHubInvocations => new()
    {
        { "unknown method", "Nope", [] },
        { "client method", LeaseEventsHub.ChangedMethod, ["0123456789abcdef0123456789abcdef"] },
        { "log method on the wrong hub", "StreamLogs", [Active, null, 0] },
        { "hub lifetime method", "OnConnectedAsync", [] },
        { "dispose", "Dispose", [] },
    };

    [Theory]
    [MemberData(nameof(ProvisionBodies))]
    public async Task Provision_AnswersProblemAndChangesNothing_WhenBodyIsBad(string name, string body, string contentType, HttpStatusCode status)
    {
        await AnswersProblemAndChangesNothingAsync(name, status, () =>
            app.Client.PostAsync("/api/provision", new StringContent(body, Encoding.UTF8, contentType)));
    }

    [Fact]
    public async Task Provision_Answers413AndChangesNothing_WhenAChunkedBodyPassesTheLimit()
    {
        await AnswersProblemAndChangesNothingAsync("10 MB chunked", HttpStatusCode.RequestEntityTooLarge, () =>
            app.Client.PostAsync("/api/provision", new ChunkedContent(Encoding.UTF8.GetBytes($$"""{"imageType":"{{TenMegabytes}}","durationSeconds":30}"""))));
    }

    [Theory]
    [MemberData(nameof(ListQueries))]
    public async Task List_AnswersProblem_WhenPagingIsBad(string name, string query)
    {
        await AnswersProblemAndChangesNothingAsync(name, HttpStatusCode.BadRequest, () =>
            SendAsync(HttpMethod.Get, $"/api/containers?{query}", content: null));
    }

    [Theory]
    [MemberData(nameof(BadIds))]
    public async Task GetLease_AnswersProblem_WhenIdNamesNoLease(string name, string id, HttpStatusCode status)
    {
        await AnswersProblemAndChangesNothingAsync(name, status, () =>
            SendAsync(HttpMethod.Get, $"/api/leases/{id}", content: null));
    }

    [Theory]
    [MemberData(nameof(BadIds))]
    public async Task DeleteLease_AnswersProblemAndRemovesNothing_WhenIdNamesNoLease(string name, string id, HttpStatusCode status)
    {
        await AnswersProblemAndChangesNothingAsync(name, status, () =>
            SendAsync(HttpMethod.Delete, $"/api/leases/{id}", content: null));
    }

    [Theory]
    [MemberData(nameof(ExtendInputs))]
    public async Task Extend_AnswersProblemAndChangesNothing_WhenInputIsBad(string name, string id, string body, HttpStatusCode status)
    {
        var leaseId = await ResolveAsync(id);
        await AnswersProblemAndChangesNothingAsync(name, status, () =>
            SendAsync(HttpMethod.Post, $"/api/leases/{leaseId}/extend", new StringContent(body, Encoding.UTF8, Json)));
    }

    [Theory]
    [MemberData(nameof(StreamLogsArguments))]
    public async Task StreamLogs_AnswersHubErrorAndKeepsConnection_WhenArgumentsAreBad(string name, object?[] arguments, string expected)
    {
        var resolved = await ResolveAsync(arguments);
        await HubErrorAndChangesNothingAsync(name, LogsHub.Path, expected, async hub =>
        {
            await foreach (var item in hub.StreamAsyncCore<LogItem>("StreamLogs", resolved))
            {
                Assert.Fail($"{name}: a line arrived: {item}");
            }
        });
    }

    [Theory]
    [MemberData(nameof(LeaseHubInvocations))]
    public async Task LeaseEventsHub_AnswersHubErrorAndKeepsConnection_WhenInvokedAtAll(string name, string method, object?[] arguments)
    {
        var resolved = await ResolveAsync(arguments);
        await HubErrorAndChangesNothingAsync(name, LeaseEventsHub.Path, "does not exist", hub => hub.InvokeCoreAsync<object?>(method, resolved));
    }

    private async Task AnswersProblemAndChangesNothingAsync(string name, HttpStatusCode status, Func<Task<HttpResponseMessage>> send)
    {
        var before = await SnapshotAsync();

        using var response = await send();

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{name}: expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(text);
        Assert.Equal((int)status, problem.RootElement.GetProperty("status").GetInt32());
        var said = problem.RootElement.TryGetProperty("errors", out var errors) ? errors.ToString()
            : problem.RootElement.TryGetProperty("detail", out var detail) ? detail.GetString() : null;
        Assert.False(string.IsNullOrWhiteSpace(said), $"{name}: the problem says neither detail nor errors: {text}");
        Assert.True(text.Length < 2048, $"{name}: the problem repeats too much of the input ({text.Length} characters)");
        Assert.False(DotNetTypeName().IsMatch(text), $"{name}: the problem names a .NET type: {text}");
        Assert.Equal(before, await SnapshotAsync());
    }

    [GeneratedRegex(@"System\.[A-Z]|`1")]
    private static partial Regex DotNetTypeName();

    private async Task HubErrorAndChangesNothingAsync(string name, string path, string expected, Func<HubConnection, Task> call)
    {
        var before = await SnapshotAsync();
        await using var hub = app.Hub(path);
        await hub.StartAsync();

        var error = await Assert.ThrowsAsync<HubException>(() => call(hub).WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.True(error.Message.Contains(expected, StringComparison.OrdinalIgnoreCase), $"{name}: the error does not say '{expected}': {error.Message}");
        Assert.True(hub.State == HubConnectionState.Connected, $"{name}: the connection dropped");
        Assert.Equal(before, await SnapshotAsync());
    }

    /// <summary>
    /// Sends the path as any HTTP client would: .NET removes literal dot segments and leaves
    /// percent-escapes as written, so the app sees both kinds of trick.
    /// </summary>
    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string pathAndQuery, HttpContent? content) =>
        app.Client.SendAsync(new HttpRequestMessage(method, pathAndQuery) { Content = content });

    private async Task<string> ResolveAsync(string id) => id == Active ? (await ActiveLeaseAsync()).LeaseId : id;

    private async Task<object?[]> ResolveAsync(object?[] arguments)
    {
        if (!arguments.Contains(Active))
        {
            return arguments;
        }

        var leaseId = (await ActiveLeaseAsync()).LeaseId;
        return [.. arguments.Select(a => Active.Equals(a) ? leaseId : a)];
    }

    /// <summary>One real lease for this fixture, provisioned once, for cases where only the rest of the input is bad.</summary>
    private Task<LeaseResponse> ActiveLeaseAsync() =>
        ActiveLeases.GetOrAdd(app.InstallationId, _ => new Lazy<Task<LeaseResponse>>(() => app.ProvisionAsync("sleeper", 180))).Value;

    /// <summary>What bad input must not change: the installation's containers, and each active lease with its expiry.</summary>
    private async Task<string> SnapshotAsync()
    {
        var containers = (await app.ContainersAsync()).Select(c => $"{c.ID}:{c.State}").Order();
        var list = await app.Client.GetFromJsonAsync<LeaseListResponse>("/api/containers?pageSize=200");
        var leases = list!.Items.Select(l => $"{l.LeaseId}:{l.Status}:{l.ExpiresAt:O}").Order();
        return $"{string.Join(',', containers)} | {list.Total}: {string.Join(',', leases)}";
    }

    /// <summary>A body sent without a length, as a client that streams it would.</summary>
    private sealed class ChunkedContent : HttpContent
    {
        private readonly byte[] _bytes;

        public ChunkedContent(byte[] bytes)
        {
            _bytes = bytes;
            Headers.ContentType = new(Json);
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(_bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
