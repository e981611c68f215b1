namespace Coordination.Api.Hosting;

/// <summary>Which cluster the API joins as a client (configuration section <c>Orleans</c>).</summary>
public sealed class ClusterClientOptions
{
    public const string Section = "Orleans";

    /// <summary>Must match the silos' cluster id.</summary>
    public string ClusterId { get; set; } = "coordination";

    /// <summary>Must match the silos' service id.</summary>
    public string ServiceId { get; set; } = "coordination";

    /// <summary>
    /// How long the API waits for a silo's answer before giving the caller a 503. Every call the API
    /// makes answers in milliseconds, so this only matters when a silo died with the call in flight:
    /// Orleans' default of 30 s would hold the caller that long.
    /// </summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(4);
}
