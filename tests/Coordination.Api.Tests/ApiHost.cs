using Coordination.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Coordination.Api.Tests;

/// <summary>
/// The API program, hosted in the test process, joined as an Orleans client to a test cluster
/// whose gateways it finds in PostgreSQL, exactly as the deployed API finds the silos.
/// </summary>
public sealed class ApiHost(CoordinationTestCluster cluster) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Coordination", cluster.ConnectionString);
        builder.UseSetting("Orleans:ClusterId", cluster.ClusterId);
        builder.UseSetting("Orleans:ServiceId", CoordinationTestCluster.ServiceId);
    }
}
