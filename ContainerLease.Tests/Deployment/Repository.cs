namespace ContainerLease.Tests.Deployment;

public static class Repository
{
    /// <summary>The checkout the tests were built from: the folder above their output that holds docker-compose.yml.</summary>
    public static string Root { get; } = Find();

    public static string File(string name) => Path.Combine(Root, name);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "docker-compose.yml")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("docker-compose.yml was not found above the test output.");
    }
}
