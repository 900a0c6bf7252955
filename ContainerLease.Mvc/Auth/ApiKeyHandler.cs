using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ContainerLease.Mvc.Auth;

/// <summary>
/// Signs a script in by its <c>X-Api-Key</c> header. Without a valid key the answer is a 401
/// problem details, never a redirect to the sign-in page.
/// </summary>
internal sealed class ApiKeyHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    UserDirectory users) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var values))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var principal = values is [{ Length: > 0 } key] ? users.FindByApiKey(key, SchemeName) : null;
        return Task.FromResult(principal is null
            ? AuthenticateResult.Fail("The API key is not valid.")
            : AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = $"{SchemeName} header=\"{Header}\"";
        var detail = Request.Headers.ContainsKey(Header)
            ? $"The {Header} header does not hold a valid API key."
            : $"Send your API key in the {Header} header.";
        return AuthProblems.WriteAsync(Context, StatusCodes.Status401Unauthorized, "Authentication required.", detail);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        AuthProblems.WriteAsync(Context, StatusCodes.Status403Forbidden, "Not allowed.", "Your role may not do this.");
}
