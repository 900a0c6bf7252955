using System.Diagnostics;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace ContainerLease.Mvc.Pages;

/// <summary>What a page shows when something failed that it could not handle: words and an id, never a stack trace.</summary>
[ApiExplorerSettings(IgnoreApi = true)]
[AllowAnonymous]
public sealed class ErrorController : Controller
{
    [Route("/error")]
    public IActionResult Index()
    {
        // The server's own refusals (a page's upload over the cap) say what to change; any other failure says only that it was logged.
        if (HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error is BadHttpRequestException refused)
        {
            ViewData["Refused"] = refused.Message;
        }

        return View(model: Activity.Current?.TraceId.ToString() ?? HttpContext.TraceIdentifier);
    }
}
