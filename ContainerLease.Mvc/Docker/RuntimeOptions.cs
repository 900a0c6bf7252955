using System.ComponentModel.DataAnnotations;

namespace ContainerLease.Mvc.Docker;

/// <summary>The <c>Runtime</c> section: which engine runs the leases.</summary>
public sealed class RuntimeOptions
{
    public const string Section = "Runtime";

    public const string Docker = "docker";

    public const string Swarm = "swarm";

    /// <summary><c>docker</c>: each lease a container on the engine at <c>Docker:Endpoint</c>; <c>swarm</c>: each lease a service on the Swarm whose manager is there.</summary>
    [Required(AllowEmptyStrings = false), RegularExpression("^(docker|swarm)$", ErrorMessage = "Runtime:Kind must be 'docker' (one engine) or 'swarm' (a Swarm cluster's manager at Docker:Endpoint).")]
    public string Kind { get; set; } = Docker;
}
