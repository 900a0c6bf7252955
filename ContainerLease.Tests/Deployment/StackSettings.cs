using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ContainerLease.Tests.Integration.Infrastructure;

namespace ContainerLease.Tests.Deployment;

/// <summary>The stack test's .env: what .env.example documents, filled in for a throwaway stack.</summary>
public static class StackSettings
{
    public static Dictionary<string, string> For(string installationId, int port, string apiKey, string dockerGroup, string envFile)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["APP_IMAGE"] = $"containerlease/app:{installationId}",
            ["DOCKER_GID"] = dockerGroup,
            ["HTTP_BIND"] = "127.0.0.1",
            ["HTTP_PORT"] = port.ToString(CultureInfo.InvariantCulture),
            ["APP_BRIDGE"] = "cla-" + installationId[^8..],
            ["CONTAINERLEASE_ENV_FILE"] = envFile,
            // Sign-in's contract; a build without sign-in ignores it. An API-key-only admin:
            // no password hash, since none is needed and none may be shipped.
            ["Auth__Users__admin__Role"] = "admin",
            ["Auth__Users__admin__ApiKeySha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey))),
        };

        // The integration tests' short bounds and polling, their plain sleeper image and their web server.
        foreach (var (key, value) in TestSettings.For(installationId, redis: null))
        {
            if (key.StartsWith("Leases:", StringComparison.Ordinal) || key.StartsWith("Jobs:", StringComparison.Ordinal)
                || key.StartsWith("RateLimits:", StringComparison.Ordinal) || key.StartsWith("Catalog:Images:sleeper:", StringComparison.Ordinal) || key.StartsWith("Catalog:Images:web:", StringComparison.Ordinal))
            {
                variables[key.Replace(":", "__", StringComparison.Ordinal)] = value ?? string.Empty;
            }
        }

        // The web entry's page alone: its CGI and WebSocket scripts hold quotes and $ that a .env file would mangle.
        variables["Catalog__Images__web__Command__2"] = "mkdir -p /www && echo hello-from-port > /www/index.html && exec httpd -f -p 8080 -h /www";
        return variables;
    }
}
