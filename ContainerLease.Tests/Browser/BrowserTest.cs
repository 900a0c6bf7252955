using ContainerLease.Tests.Integration.Infrastructure;

namespace ContainerLease.Tests.Browser;

/// <summary>
/// A browser test on the shared app and Chromium. Every page it opens must end without a console
/// error, an uncaught exception, a failed request or an error answer, whatever the test itself
/// checked; the leases it made are ended afterwards.
/// </summary>
public abstract class BrowserTest(BrowserFixture fixture) : IAsyncLifetime
{
    private readonly List<LeasesPage> _pages = [];
    private readonly List<string> _leases = [];

    protected BrowserFixture Fixture => fixture;

    protected async Task<LeasesPage> OpenAsync(string path = "/", TestUser? user = null, Uri? app = null)
    {
        var page = await fixture.OpenAsync(path, user, app);
        _pages.Add(page);
        return page;
    }

    protected async Task<LeasesPage> OpenSignedOutAsync(string path)
    {
        var page = await fixture.OpenSignedOutAsync(path);
        _pages.Add(page);
        return page;
    }

    /// <summary>A lease through the API, ended when the test is done.</summary>
    protected async Task<LeaseResponse> ProvisionAsync(int seconds, string imageType = "sleeper")
    {
        var lease = await fixture.ProvisionAsync(imageType, seconds);
        _leases.Add(lease.LeaseId);
        return lease;
    }

    /// <summary>A lease the test made another way (through the page), ended when the test is done.</summary>
    protected void Track(string leaseId) => _leases.Add(leaseId);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        var problems = _pages.SelectMany(p => p.Problems).ToList();
        foreach (var page in _pages)
        {
            await page.DisposeAsync();
        }

        await fixture.TerminateAsync(_leases);
        Assert.True(problems.Count == 0, "the page reported: " + string.Join(Environment.NewLine, problems));
    }
}
