using System.ComponentModel.DataAnnotations;

namespace ContainerLease.Domain.Catalog;

/// <summary>One entry of the image catalog: the only source of images, commands and limits.</summary>
public sealed class CatalogImage
{
    [Required(AllowEmptyStrings = false)]
    public string Image { get; set; } = string.Empty;

    /// <summary>The command to run; empty keeps the image's own.</summary>
    public IList<string> Command { get; set; } = [];

    public string Description { get; set; } = string.Empty;

    [Range(6, 1_048_576)]
    public int MemoryMb { get; set; } = 128;

    [Range(0.01, 64)]
    public double Cpus { get; set; } = 0.5;

    [Range(1, 1_000_000)]
    public int PidsLimit { get; set; } = 64;

    public IDictionary<string, string> Env { get; set; } = new Dictionary<string, string>();

    /// <summary>
    /// <c>none</c> keeps the container off every network; <c>bridge</c> puts it on the
    /// installation's own isolated bridge. No other network, and never the host's, can be named.
    /// </summary>
    [Required(AllowEmptyStrings = false), RegularExpression("^(none|bridge)$", ErrorMessage = "The Network must be 'none' or 'bridge' (the installation's own isolated bridge).")]
    public string Network { get; set; } = "none";

    /// <summary>
    /// Where a bridged container may send traffic: <c>internet</c> (public addresses only, the
    /// default) or <c>lan</c> (private ranges too, the operator's explicit choice). Link-local
    /// addresses, a cloud VM's metadata among them, stay out of reach either way.
    /// </summary>
    [Required(AllowEmptyStrings = false), RegularExpression("^(internet|lan)$", ErrorMessage = "The Egress must be 'internet' (public addresses only) or 'lan' (private ranges too).")]
    public string Egress { get; set; } = InternetEgress;

    public const string InternetEgress = "internet";

    public const string LanEgress = "lan";

    public HealthCheck? HealthCheck { get; set; }

    /// <summary>Capabilities given back after all are dropped, e.g. <c>NET_BIND_SERVICE</c>. Empty by default.</summary>
    public IList<string> CapAdd { get; set; } = [];

    /// <summary>A read-only root file system, with a writable tmpfs at /tmp of <see cref="TmpfsMb"/>.</summary>
    public bool ReadOnlyRootFs { get; set; }

    [Range(1, 4096)]
    public int TmpfsMb { get; set; } = 64;

    /// <summary>
    /// The most the container may write to its own file system (its writable layer), in MB. The
    /// sweep measures it and ends a lease past it with the reason <c>disk-limit</c>. Null: no limit.
    /// </summary>
    [Range(1, 10_000_000)]
    public int? DiskMb { get; set; }

    /// <summary>
    /// How long a lease of this entry may go without activity (<see cref="Leases.LeaseActivity"/>)
    /// before it ends with the reason <c>idle</c>, after the warnings of <c>Leases:WarnBefore</c>.
    /// Null: no idle limit.
    /// </summary>
    public TimeSpan? IdleTimeout { get; set; }

    /// <summary>The user the container's process runs as (<c>name</c>, <c>uid</c> or <c>uid:gid</c>); empty keeps the image's own, usually root.</summary>
    [RegularExpression("^[a-z_][a-z0-9_.-]{0,31}(:[a-z_][a-z0-9_.-]{0,31})?$|^[0-9]{1,10}(:[0-9]{1,10})?$",
        ErrorMessage = "The User must be a user name, a uid, or uid:gid (such as 65534:65534).")]
    public string? User { get; set; }

    /// <summary>Whether the lease's owner may run commands in the container (the exec API and hub); false refuses them with 403.</summary>
    public bool Exec { get; set; } = true;

    /// <summary>The program the browser's terminal runs, an absolute path; empty offers no terminal.</summary>
    [RegularExpression("^(/[^\\s]*)?$", ErrorMessage = "The Shell must be an absolute path such as /bin/sh, or empty for no terminal.")]
    public string Shell { get; set; } = "/bin/sh";

    public bool HasTerminal => !string.IsNullOrEmpty(Shell);

    /// <summary>
    /// The HTTP ports the container serves, as <c>8080</c> or <c>8080/http</c>, reached through the
    /// app's port proxy at <c>/leases/&lt;id&gt;/ports/&lt;port&gt;/</c>; never published on the host.
    /// Only an entry on the installation's bridge may list any.
    /// </summary>
    public IList<string> Ports { get; set; } = [];

    /// <summary>The port numbers of <see cref="Ports"/>; call only on a validated entry.</summary>
    public IReadOnlyList<int> PortNumbers => [.. Ports.Select(p => int.Parse(p.Split('/')[0], System.Globalization.CultureInfo.InvariantCulture))];

    public bool Serves(int port) => PortNumbers.Contains(port);

    public WarmPoolOptions WarmPool { get; set; } = new();
}
