using System.Net;
using System.Text.RegularExpressions;
using ContainerLease.Mvc.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace ContainerLease.Tests.Integration.Infrastructure;

/// <summary>Clients of an in-process app as each kind of caller: anonymous, a browser signed in with a password, a hub client with a key.</summary>
public static partial class Clients
{
    public const string TokenField = "__RequestVerificationToken";

    /// <summary>No credentials at all; cookies kept and redirects not followed, so a test sees them.</summary>
    public static HttpClient Anonymous(this WebApplicationFactory<Program> app)
    {
        // The app's own address: on Kestrel it is a real port, not the options' default http://localhost.
        using var started = app.CreateClient();
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = started.BaseAddress!, HandleCookies = true, AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Remove(ApiKeyHandler.Header);
        return client;
    }

    /// <summary>A browser without JavaScript that signed in through the sign-in page, holding only the cookie.</summary>
    public static async Task<HttpClient> SignedInAsync(this WebApplicationFactory<Program> app, TestUser user)
    {
        var client = app.Anonymous();
        using var response = await client.PostAsync("/login", await FormAsync(client, "/login", new()
        {
            ["UserName"] = user.Name,
            ["Password"] = user.Password,
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>A form's fields plus the antiforgery token read from the page at <paramref name="pagePath"/>.</summary>
    public static async Task<FormUrlEncodedContent> FormAsync(HttpClient client, string pagePath, Dictionary<string, string> fields)
    {
        fields[TokenField] = AntiforgeryToken(await client.GetStringAsync(pagePath));
        return new FormUrlEncodedContent(fields);
    }

    /// <summary>The antiforgery token of the first form on a page.</summary>
    public static string AntiforgeryToken(string html)
    {
        var token = Token().Match(html);
        Assert.True(token.Success, "the page has no antiforgery token");
        return WebUtility.HtmlDecode(token.Groups[1].Value);
    }

    /// <summary>A SignalR connection over the in-process server's WebSockets, authenticated by the key of <paramref name="user"/> (Alice unless given); not yet started.</summary>
    public static HubConnection Hub(this WebApplicationFactory<Program> app, string path, TestUser? user = null)
    {
        var key = (user ?? TestUsers.Alice).ApiKey;
        return Connect(app, path, request => request.Headers[ApiKeyHandler.Header] = key);
    }

    /// <summary>Like <see cref="Hub"/>, but authenticated by a sign-in cookie (<c>name=value</c>), as a page's connection is.</summary>
    public static HubConnection HubWithCookie(this WebApplicationFactory<Program> app, string path, string cookie) =>
        Connect(app, path, request => request.Headers.Cookie = cookie);

    private static HubConnection Connect(WebApplicationFactory<Program> app, string path, Action<HttpRequest> authenticate)
    {
        var server = app.Server;
        return new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, path), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
                options.WebSocketFactory = (context, ct) =>
                {
                    var client = server.CreateWebSocketClient();
                    client.ConfigureRequest = authenticate;
                    return new ValueTask<System.Net.WebSockets.WebSocket>(client.ConnectAsync(context.Uri, ct));
                };
            })
            .Build();
    }

    [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
