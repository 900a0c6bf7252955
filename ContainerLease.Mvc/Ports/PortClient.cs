using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Options;

namespace ContainerLease.Mvc.Ports;

/// <summary>
/// The one HTTP client the proxy sends through, as YARP advises: no proxy, no redirects followed,
/// no decompression, no cookie jar (the browser's cookies pass as headers), and the connect timeout
/// from <see cref="PortsOptions"/>, so a container that does not listen is a quick 502.
/// </summary>
internal sealed class PortClient(IOptions<PortsOptions> options) : IDisposable
{
    public HttpMessageInvoker Invoker { get; } = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        EnableMultipleHttp2Connections = true,
        ActivityHeadersPropagator = new Yarp.ReverseProxy.Forwarder.ReverseProxyPropagator(DistributedContextPropagator.Current),
        ConnectTimeout = options.Value.ConnectTimeout,
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
    });

    public void Dispose() => Invoker.Dispose();
}
