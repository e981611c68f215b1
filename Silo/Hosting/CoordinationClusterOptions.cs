namespace Coordination.Silo.Hosting;

/// <summary>How a silo joins the cluster (configuration section <c>Orleans</c>).</summary>
public sealed class CoordinationClusterOptions
{
    public const string Section = "Orleans";

    /// <summary>Silos and clients with the same cluster id form one cluster.</summary>
    public string ClusterId { get; set; } = "coordination";

    /// <summary>Stays the same across deployments: grain state and reminders are stored under it.</summary>
    public string ServiceId { get; set; } = "coordination";

    /// <summary>Silo-to-silo port; each silo on one machine needs its own.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port clients (the API) connect to; each silo on one machine needs its own.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos and clients reach this silo at; empty picks the machine's own.</summary>
    public string? AdvertisedIPAddress { get; set; }
}
