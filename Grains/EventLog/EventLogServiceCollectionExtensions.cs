using Coordination.Grains.EventSourcing;
using Coordination.Grains.Interfaces.Ops;
using Coordination.Grains.Offices;
using Coordination.Grains.Projections;
using Coordination.Grains.Reactions;
using Coordination.Grains.Rules;
using Coordination.Grains.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Coordination.Grains.EventLog;

public static class EventLogServiceCollectionExtensions
{
    /// <summary>
    /// The event log in a silo: the store and its group-commit appender, snapshots, the subjects'
    /// keys (<c>Coordination:DataProtection</c>), and the daemon that runs the projections and
    /// reactions of the partitions this silo holds, and the connections to PostgreSQL they use.
    /// </summary>
    public static IServiceCollection AddCoordinationEventLog(this IServiceCollection services, IConfiguration configuration, string connectionString)
    {
        // Pooled connections run the same few statements all day: prepared once per connection, they
        // skip planning; nothing leaves session state behind, so they are not reset between uses.
        services.AddSingleton(_ => NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString)
        {
            MaxAutoPrepare = 64,
            AutoPrepareMinUsages = 2,
            NoResetOnClose = true,
        }.ConnectionString));
        // Connections that hold session state (the partition leases' advisory locks, LISTEN) are never
        // pooled: closing one must end its session, so that a silo's leases end with it.
        services.AddKeyedSingleton(EventLogDaemon.SessionConnections, (_, _) =>
            NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString));

        services.AddOptions<DataProtectionOptions>()
            .Bind(configuration.GetSection(DataProtectionOptions.Section))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DataProtectionOptions>, DataProtectionOptionsValidator>());

        services.AddSingleton(new StreamTypeRegistry(EventStreams.All));
        services.AddSingleton<SubjectKeyRing>();
        services.AddSingleton<EventAppender>();
        services.AddHostedService(s => s.GetRequiredService<EventAppender>());
        services.AddSingleton<SnapshotWriter>();
        services.AddHostedService(s => s.GetRequiredService<SnapshotWriter>());
        services.AddSingleton<IEventStore, PostgresEventStore>();
        services.AddSingleton<OfficeFigures>();

        services.AddSingleton<EventLogReader>();
        services.AddSingleton<CheckpointStore>();
        services.AddSingleton<LogSignal>();
        services.AddSingleton<EventLogProgress>();
        services.AddSingleton<IProjection, CasesProjection>();
        services.AddSingleton<IProjection, ReferralsProjection>();
        services.AddOptions<OpsFiguresOptions>().Bind(configuration.GetSection(OpsFiguresOptions.Section));
        services.AddSingleton<IProjection, OpsFiguresProjection>();
        services.AddSingleton<IReaction, WorkflowReaction>();
        services.AddSingleton<SubjectErasure>();
        services.AddCoordinationRules(configuration);
        services.AddCoordinationWebhooks(configuration);
        services.AddSingleton<EventLogDaemon>();
        services.AddHostedService(s => s.GetRequiredService<EventLogDaemon>());
        return services;
    }
}
