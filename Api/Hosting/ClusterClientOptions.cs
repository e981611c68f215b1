namespace Coordination.Api.Hosting;

/// <summary>Which cluster the API joins as a client (configuration section <c>Orleans</c>).</summary>
public sealed class ClusterClientOptions
{
    public const string Section = "Orleans";

    /// <summary>Must match the silos' cluster id.</summary>
    public string ClusterId { get; set; } = "coordination";

    /// <summary>Must match the silos' service id.</summary>
    public string ServiceId { get; set; } = "coordination";
}
