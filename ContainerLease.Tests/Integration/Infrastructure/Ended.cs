namespace ContainerLease.Tests.Integration.Infrastructure;

/// <summary>
/// Reading a lease whose container a test saw destroyed: the job or sweep writes the end just after
/// the removal, so on a busy machine the lease can still read "ending" for a moment.
/// </summary>
public static class Ended
{
    public static async Task<LeaseResponse> ReadAsync(Func<Task<LeaseResponse>> read)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var lease = await read();
        while (lease.Status == "ending" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            lease = await read();
        }

        return lease;
    }
}
