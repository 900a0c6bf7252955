using ContainerLease.Mvc.Api;
using ContainerLease.Mvc.Audit;
using ContainerLease.Mvc.Auth;
using ContainerLease.Mvc.Docker;
using ContainerLease.Mvc.Errors;
using ContainerLease.Mvc.Exec;
using ContainerLease.Mvc.Files;
using ContainerLease.Mvc.Health;
using ContainerLease.Mvc.Hosting;
using ContainerLease.Mvc.Jobs;
using ContainerLease.Mvc.Leases;
using ContainerLease.Mvc.Limits;
using ContainerLease.Mvc.Live;
using ContainerLease.Mvc.OpenApi;
using ContainerLease.Mvc.Pages;
using ContainerLease.Mvc.Ports;
using ContainerLease.Mvc.Protection;
using ContainerLease.Mvc.Storage;
using ContainerLease.Mvc.Telemetry;
using ContainerLease.Mvc.Terminal;
using ContainerLease.Mvc.Webhooks;

if (AuthCommands.IsCommand(args))
{
    return AuthCommands.Run(args, Console.In, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(args);

builder.UseDefaultAddress();
builder.AddTrustedProxies();

builder.AddLeases();
builder.AddDocker();
builder.AddFiles();
builder.AddLeaseStorage();
builder.AddJobs();
builder.AddErrorHandling();
builder.AddAuth();
builder.AddApi();
builder.AddApiDescription();
builder.AddPages();
builder.AddLive();
builder.AddTerminal();
builder.AddExec();
builder.AddPorts();
builder.AddBackplane();
builder.AddSharedKeys();
builder.AddLimits();
builder.AddHealth();
builder.AddTelemetry();
builder.AddWebhooks();
builder.AddAudit();

var app = builder.Build();

app.UseTrustedProxies();
app.UsePortHosts();
app.UseErrorHandling();
app.MapPages();
app.UseAuth();
app.UseLimits();
app.MapApi();
app.MapApiDescription();
app.MapLive();
app.MapTerminal();
app.MapPorts();
app.MapJobsDashboard();
app.MapHealth();
app.MapTelemetry();

app.Run();
return 0;

/// <summary>Visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
