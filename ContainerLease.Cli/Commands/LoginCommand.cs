using System.CommandLine;

namespace ContainerLease.Cli.Commands;

/// <summary>Checks an address and key against the app, then saves them for later commands (readable by you alone).</summary>
public static class LoginCommand
{
    public static Command Create(Cli cli)
    {
        var command = new Command("login", "Save the app's address and your API key (read from standard input unless --api-key is given).");
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                var url = parse.GetValue(cli.Url) ?? Environment.GetEnvironmentVariable(Settings.UrlVariable)
                    ?? throw new CliException("Give the app's address with --url.", CliException.Usage);
                var key = parse.GetValue(cli.ApiKey);
                if (key is null)
                {
                    if (!Console.IsInputRedirected)
                    {
                        await Console.Error.WriteAsync("API key: ");
                    }

                    key = (await Console.In.ReadLineAsync(ct))?.Trim();
                }

                if (string.IsNullOrEmpty(key))
                {
                    throw new CliException("No API key was given.", CliException.Usage);
                }

                var settings = new Settings(Settings.ParseUrl(url), key);
                using (var api = new ApiClient(settings))
                {
                    await api.GetAsync("api/images", ct);
                }

                settings.Save();
                Console.WriteLine($"Saved to {Settings.FilePath}.");
                return 0;
            }
            catch (CliException ex)
            {
                return Cli.Fail(ex);
            }
        });
        return command;
    }
}
