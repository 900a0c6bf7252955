using System.Net;
using ContainerLease.Mvc.Live;
using ContainerLease.Tests.Integration.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace ContainerLease.Tests.Integration;

/// <summary>
/// Signing out ends the session on the server: a copy of the cookie saved before (another tab,
/// or one a thief kept) opens nothing afterwards, and the session's hub connections are closed.
/// </summary>
public sealed class SessionTests : PrivateApp
{
    [Fact]
    public async Task AfterSignOut_ASavedCookieOpensNothing_AndTheSessionsHubConnectionIsClosed()
    {
        using var browser = new CookieBrowser(App);
        await browser.SignInAsync(TestUsers.Alice);
        var saved = browser.AuthCookie;
        Assert.Equal(HttpStatusCode.OK, (await browser.GetWithAsync(saved, "/")).StatusCode);
        await using var hub = App.HubWithCookie(LeaseEventsHub.Path, saved);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        await hub.StartAsync();

        await browser.SignOutAsync();

        using var after = await browser.GetWithAsync(saved, "/");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Equal("/login", after.Headers.Location?.AbsolutePath);
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await using var again = App.HubWithCookie(LeaseEventsHub.Path, saved);
        await Assert.ThrowsAnyAsync<Exception>(() => again.StartAsync());
    }

    [Fact]
    public async Task SigningOutOneSession_LeavesTheUsersOtherSessionsOpen()
    {
        using var first = new CookieBrowser(App);
        using var second = new CookieBrowser(App);
        await first.SignInAsync(TestUsers.Alice);
        await second.SignInAsync(TestUsers.Alice);

        await first.SignOutAsync();

        Assert.Equal(HttpStatusCode.OK, (await second.GetWithAsync(second.AuthCookie, "/")).StatusCode);
    }

    /// <summary>A browser whose cookies the test can see and copy: it keeps them itself rather than in a handler.</summary>
    private sealed class CookieBrowser(LeaseApp app) : IDisposable
    {
        private readonly HttpClient _client = Raw(app);
        private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

        public string AuthCookie => $"containerlease.auth={_cookies["containerlease.auth"]}";

        public async Task SignInAsync(TestUser user)
        {
            var token = Clients.AntiforgeryToken(await GetStringAsync("/login"));
            using var response = await PostAsync("/login", new() { [Clients.TokenField] = token, ["UserName"] = user.Name, ["Password"] = user.Password });
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        public async Task SignOutAsync()
        {
            var token = Clients.AntiforgeryToken(await GetStringAsync("/"));
            using var response = await PostAsync("/logout", new() { [Clients.TokenField] = token });
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        /// <summary>A request with exactly this cookie, as a copy of it elsewhere would send.</summary>
        public Task<HttpResponseMessage> GetWithAsync(string cookie, string path)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("Cookie", cookie);
            return _client.SendAsync(request);
        }

        public void Dispose() => _client.Dispose();

        private async Task<string> GetStringAsync(string path)
        {
            using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, path));
            return await response.Content.ReadAsStringAsync();
        }

        private Task<HttpResponseMessage> PostAsync(string path, Dictionary<string, string> form) =>
            SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) });

        private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
        {
            if (_cookies.Count > 0)
            {
                request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
            }

            var response = await _client.SendAsync(request);
            foreach (var set in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
            {
                var pair = set.Split(';')[0].Split('=', 2);
                if (pair[1].Length == 0)
                {
                    _cookies.Remove(pair[0]);
                }
                else
                {
                    _cookies[pair[0]] = pair[1];
                }
            }

            request.Dispose();
            return response;
        }

        private static HttpClient Raw(LeaseApp app)
        {
            var client = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });
            client.DefaultRequestHeaders.Remove(Mvc.Auth.ApiKeyHandler.Header);
            return client;
        }
    }
}
