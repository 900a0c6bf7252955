using ContainerLease.Mvc.Api;
using ContainerLease.Mvc.Docker;
using ContainerLease.Mvc.Hosting;
using ContainerLease.Mvc.Jobs;
using ContainerLease.Mvc.Leases;
using ContainerLease.Mvc.Storage;

var builder = WebApplication.CreateBuilder(args);

builder.UseDefaultAddress();

builder.AddLeases();
builder.AddDocker();
builder.AddLeaseStorage();
builder.AddJobs();
builder.AddApi();

var app = builder.Build();

app.MapApi();
app.MapJobsDashboard();

app.Run();

/// <summary>Visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
