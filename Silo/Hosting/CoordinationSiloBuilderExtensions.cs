using Coordination.Grains;
using Coordination.Grains.EventLog;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Dashboard;

namespace Coordination.Silo.Hosting;

public static class CoordinationSiloBuilderExtensions
{
    /// <summary>
    /// Everything a Coordination silo runs besides its endpoints and cluster identity: PostgreSQL
    /// membership, grain state and reminders, the domain's services, the event log (store,
    /// projections, reactions), and the dashboard's silo services. The Silo program and the test
    /// clusters both call this, so tests run the real wiring.
    /// </summary>
    public static ISiloBuilder AddCoordination(this ISiloBuilder silo, string connectionString, IConfiguration configuration)
    {
        silo.UseCoordinationPostgres(connectionString);
        silo.Services.AddCoordinationGrains(configuration);
        silo.Services.AddCoordinationEventLog(configuration, connectionString);
        silo.AddDashboard();
        return silo;
    }
}
