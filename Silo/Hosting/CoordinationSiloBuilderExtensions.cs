using Coordination.Grains;
using Microsoft.Extensions.Configuration;
using Orleans.Dashboard;

namespace Coordination.Silo.Hosting;

public static class CoordinationSiloBuilderExtensions
{
    /// <summary>
    /// Everything a Coordination silo runs besides its endpoints and cluster identity: PostgreSQL
    /// membership, grain state and reminders, the domain's services, and the dashboard's silo
    /// services. The Silo program and the test clusters both call this, so tests run the real wiring.
    /// </summary>
    public static ISiloBuilder AddCoordination(this ISiloBuilder silo, string connectionString, IConfiguration configuration)
    {
        silo.UseCoordinationPostgres(connectionString);
        silo.Services.AddCoordinationGrains(configuration);
        silo.AddDashboard();
        return silo;
    }
}
