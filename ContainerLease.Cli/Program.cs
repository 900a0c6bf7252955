using System.CommandLine;
using ContainerLease.Cli;
using ContainerLease.Cli.Commands;

var cli = new Cli();
var root = new RootCommand("containerlease: short-lived Docker containers on a lease, from your terminal.")
{
    ImagesCommand.Create(cli),
    LeaseCommand.Create(cli),
    ListCommands.Ls(cli),
    ListCommands.Show(cli),
    LeaseActions.Extend(cli),
    LeaseActions.Remove(cli),
    LeaseActions.Pause(cli),
    LeaseActions.Resume(cli),
    LeaseActions.RevokeLinks(cli),
    ExecCommand.Create(cli),
    ShellCommand.Create(cli),
    LogsCommand.Create(cli),
    CopyCommand.Create(cli),
    LoginCommand.Create(cli),
};
root.Options.Add(cli.Url);
root.Options.Add(cli.ApiKey);
root.Options.Add(cli.Json);

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    // A command used wrongly exits 2, as POSIX tools do; a refused request exits 1.
    foreach (var error in parse.Errors)
    {
        Console.Error.WriteLine("containerlease: " + error.Message);
    }

    Console.Error.WriteLine("Run `containerlease --help` for the commands and their options.");
    return CliException.Usage;
}

return await parse.InvokeAsync();
