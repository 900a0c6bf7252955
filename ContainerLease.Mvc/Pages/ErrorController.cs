using System.Diagnostics;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace ContainerLease.Mvc.Pages;

/// <summary>What a page shows when something failed that it could not handle: words and an id, never a stack trace.</summary>
[ApiExplorerSettings(IgnoreApi = true)]
[AllowAnonymous]
public sealed class ErrorController : Controller
{
    [Route("/error")]
    public IActionResult Index() => View(model: Activity.Current?.TraceId.ToString() ?? HttpContext.TraceIdentifier);
}
