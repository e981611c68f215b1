using System.Text.Json;
using System.Text.Json.Serialization;
using Coordination.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Storage;

namespace Coordination.Silo.Hosting;

public static class PostgresSiloBuilderExtensions
{
    /// <summary>The ADO.NET invariant name of Npgsql, which the providers load by reflection.</summary>
    public const string NpgsqlInvariant = "Npgsql";

    private const string AdoNetStorageName = "coordination-adonet";

    /// <summary>
    /// Keeps cluster membership, grain state and reminders in PostgreSQL. Grain state is stored as
    /// UTF-8 JSON, readable with <c>convert_from(payloadbinary, 'UTF8')</c>.
    /// </summary>
    public static ISiloBuilder UseCoordinationPostgres(this ISiloBuilder silo, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        silo.UseAdoNetClustering(options =>
        {
            options.Invariant = NpgsqlInvariant;
            options.ConnectionString = connectionString;
        });

        // The ADO.NET provider under a name of its own; grains use it through the mapping below.
        silo.AddAdoNetGrainStorage(AdoNetStorageName, options =>
        {
            options.Invariant = NpgsqlInvariant;
            options.ConnectionString = connectionString;
            // Clearing a grain's state removes its row rather than leaving an empty one behind.
            options.DeleteStateOnClear = true;
        });
        silo.Services.AddGrainStorage(GrainStorage.ProviderName, (services, _) =>
            new StorageFailureMapping(services.GetRequiredKeyedService<IGrainStorage>(AdoNetStorageName)));
        silo.Services.AddOptions<AdoNetGrainStorageOptions>(AdoNetStorageName)
            .Configure<IServiceProvider>((options, services) =>
                options.GrainStorageSerializer = new SystemTextJsonGrainStorageSerializer(
                    services.GetRequiredService<IOptions<SystemTextJsonGrainStorageSerializerOptions>>()));
        silo.Services.Configure<SystemTextJsonGrainStorageSerializerOptions>(options =>
            options.JsonSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)));

        silo.UseAdoNetReminderService(options =>
        {
            options.Invariant = NpgsqlInvariant;
            options.ConnectionString = connectionString;
        });
        return silo;
    }
}
