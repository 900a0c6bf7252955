using System.Net;
using ContainerLease.Tests.Integration.Infrastructure;

namespace ContainerLease.Tests.Integration;

/// <summary><c>POST /api/leases/{id}/touch</c>: activity a script says in so many words.</summary>
[Collection(SharedApp.Name)]
public sealed class TouchTests(AppFixture app)
{
    [Fact]
    public async Task Touch_Answers204ForTheOwner_404ForAnotherUser_And409OnceEnded()
    {
        var lease = await app.ProvisionAsync("sleeper", 60);
        using var bob = app.App.CreateClient().As(TestUsers.Bob);

        using (var touched = await app.Client.PostAsync($"/api/leases/{lease.LeaseId}/touch", null))
        {
            Assert.Equal(HttpStatusCode.NoContent, touched.StatusCode);
        }

        using (var others = await bob.PostAsync($"/api/leases/{lease.LeaseId}/touch", null))
        {
            Assert.Equal(HttpStatusCode.NotFound, others.StatusCode);
        }

        await app.Client.DeleteAsync($"/api/leases/{lease.LeaseId}");
        using var ended = await app.Client.PostAsync($"/api/leases/{lease.LeaseId}/touch", null);
        Assert.Equal(HttpStatusCode.Conflict, ended.StatusCode);
        Assert.Contains("has ended; there is nothing to keep alive", await ended.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
