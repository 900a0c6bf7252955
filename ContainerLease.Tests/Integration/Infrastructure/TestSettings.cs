namespace ContainerLease.Tests.Integration.Infrastructure;

/// <summary>Settings that make leases of seconds practical: short bounds and quick polling, all through configuration.</summary>
public static class TestSettings
{
    public const string Image = "containerlease/busybox:1.35";

    public static Dictionary<string, string?> For(string installationId, string? redis)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = redis ?? string.Empty,
            ["Leases:InstallationId"] = installationId,
            ["Leases:MinimumDuration"] = "00:00:01",
            ["Leases:MaximumDuration"] = "00:10:00",
            ["Leases:SweepInterval"] = "00:00:02",
            ["Leases:MaxActivePerUser"] = "1000",
            ["Leases:MaxMemoryMbPerUser"] = "1000000",
            ["RateLimits:ProvisionBurst"] = "10000",
            ["RateLimits:ProvisionsPerMinute"] = "10000",
            ["RateLimits:SignInsPerMinute"] = "10000",
            ["Jobs:SchedulePollingInterval"] = "00:00:00.200",
            ["Jobs:WatchdogInterval"] = "00:00:01",
            // Every test app would otherwise pull the catalog at start (the "missing" entry from a
            // registry that never answers); the tests of that turn it on.
            ["Catalog:PullOnStart"] = "false",
            ["Catalog:Images:sleeper:Image"] = Image,
            ["Catalog:Images:sleeper:Command:0"] = "sleep",
            ["Catalog:Images:sleeper:Command:1"] = "3600",
            ["Catalog:Images:sleeper:MemoryMb"] = "48",
            ["Catalog:Images:sleeper:Cpus"] = "0.25",
            ["Catalog:Images:sleeper:PidsLimit"] = "16",
            ["Catalog:Images:sleeper:Env:GREETING"] = "hello",
            ["Catalog:Images:healthy:Image"] = Image,
            ["Catalog:Images:healthy:Command:0"] = "sleep",
            ["Catalog:Images:healthy:Command:1"] = "3600",
            ["Catalog:Images:healthy:HealthCheck:Command"] = "true",
            ["Catalog:Images:healthy:HealthCheck:Interval"] = "00:00:01",
            ["Catalog:Images:counter:Image"] = Image,
            ["Catalog:Images:counter:Command:0"] = "sh",
            ["Catalog:Images:counter:Command:1"] = "-c",
            ["Catalog:Images:counter:Command:2"] = "i=0; while [ $i -lt 300 ]; do i=$((i+1)); echo \"line $i\"; if [ $((i % 50)) -eq 0 ]; then echo \"warn $i\" >&2; fi; done; sleep 3600",
            // One line of 1 MB (the engine keeps it in 16 KB pieces), then a short one.
            ["Catalog:Images:longline:Image"] = Image,
            ["Catalog:Images:longline:Command:0"] = "sh",
            ["Catalog:Images:longline:Command:1"] = "-c",
            ["Catalog:Images:longline:Command:2"] = "sleep 1; head -c 1048576 /dev/zero | tr '\\0' a; echo; echo after-the-long-line; sleep 3600",
            // Serves through the port proxy: a file and CGI scripts on 8080, a WebSocket stand-in on 8081
            // (it answers the upgrade of RFC 6455's sample key, then echoes bytes), nothing on 8082.
            ["Catalog:Images:web:Image"] = Image,
            ["Catalog:Images:web:Description"] = "BusyBox httpd with CGI scripts on 8080 and a WebSocket stand-in on 8081",
            ["Catalog:Images:web:Network"] = "bridge",
            ["Catalog:Images:web:Ports:0"] = "8080",
            ["Catalog:Images:web:Ports:1"] = "8081/http",
            ["Catalog:Images:web:Ports:2"] = "8082",
            ["Catalog:Images:web:Command:0"] = "sh",
            ["Catalog:Images:web:Command:1"] = "-c",
            ["Catalog:Images:web:Command:2"] = WebServer,
            // No registry answers here, and a real one refuses this name: either way the pull fails.
            ["Catalog:Images:missing:Image"] = "containerlease/does-not-exist:0",
        };
        TestUsers.AddTo(settings);
        return settings;
    }

    /// <summary>
    /// The "web" entry's servers, in busybox: httpd with two CGI scripts, and nc running a
    /// one-upgrade WebSocket echo. One line, as the stack test's .env file needs.
    /// </summary>
    private static readonly string WebServer = """
        mkdir -p /www/cgi-bin && echo hello-from-port > /www/index.html
        printf '#!/bin/sh\necho Content-Type: text/plain\necho\nenv\n' > /www/cgi-bin/env
        printf '#!/bin/sh\necho Content-Type: text/plain\necho "Set-Cookie: theirs=1; Path=/app"\necho "Set-Cookie: containerlease.auth=stolen; Path=/"\necho "Clear-Site-Data: *"\necho\necho set\n' > /www/cgi-bin/cookie
        printf '#!/bin/sh\ncr=$(printf "\\r")\nwhile read -r l; do [ "$l" = "$cr" ] || [ -z "$l" ] && break; done\nprintf "HTTP/1.1 101 Switching Protocols\\r\\nUpgrade: websocket\\r\\nConnection: Upgrade\\r\\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\\r\\n\\r\\n"\nexec cat\n' > /ws.sh
        chmod +x /www/cgi-bin/env /www/cgi-bin/cookie /ws.sh
        httpd -p 8080 -h /www
        exec nc -ll -p 8081 -e /ws.sh
        """.ReplaceLineEndings("; ");

    /// <summary>
    /// Adds catalog entry <paramref name="id"/>: a copy of the sleeper with an idle limit of
    /// <paramref name="idleTimeout"/>, checked by a sweep every second.
    /// </summary>
    public static void AddIdler(Dictionary<string, string?> settings, string idleTimeout, string id = "idler")
    {
        const string Sleeper = "Catalog:Images:sleeper:";
        foreach (var key in settings.Keys.Where(k => k.StartsWith(Sleeper, StringComparison.Ordinal)).ToList())
        {
            settings[$"Catalog:Images:{id}:{key[Sleeper.Length..]}"] = settings[key];
        }

        settings[$"Catalog:Images:{id}:IdleTimeout"] = idleTimeout;
        settings["Leases:SweepInterval"] = "00:00:01";
    }

    public static string NewInstallationId() => "test-" + Guid.NewGuid().ToString("N")[..10];
}
