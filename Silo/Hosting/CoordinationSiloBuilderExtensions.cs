using Coordination.Grains;
using Coordination.Grains.Directory;
using Coordination.Silo.Directory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Dashboard;

namespace Coordination.Silo.Hosting;

public static class CoordinationSiloBuilderExtensions
{
    /// <summary>
    /// Everything a Coordination silo runs besides its endpoints and cluster identity: PostgreSQL
    /// membership, grain state and reminders, the domain's services, the case directory read model
    /// (its writer and its start-up check), and the dashboard's silo services. The Silo program and the test clusters both call this, so tests run the real wiring.
    /// </summary>
    public static ISiloBuilder AddCoordination(this ISiloBuilder silo, string connectionString, IConfiguration configuration)
    {
        silo.UseCoordinationPostgres(connectionString);
        silo.Services.AddCoordinationGrains(configuration);
        silo.Services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        silo.Services.AddSingleton<CaseDirectoryWriter>();
        silo.Services.AddSingleton<ICaseDirectory>(services => services.GetRequiredService<CaseDirectoryWriter>());
        silo.Services.AddHostedService(services => services.GetRequiredService<CaseDirectoryWriter>());
        silo.Services.AddSingleton<ICaseDirectoryRepair, CaseDirectoryRepair>();
        silo.Services.AddHostedService<CaseDirectoryStartupCheck>();
        silo.AddDashboard();
        return silo;
    }
}
