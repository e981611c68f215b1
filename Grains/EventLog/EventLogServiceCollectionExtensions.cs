using Coordination.Grains.EventSourcing;
using Coordination.Grains.Offices;
using Coordination.Grains.Projections;
using Coordination.Grains.Reactions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Coordination.Grains.EventLog;

public static class EventLogServiceCollectionExtensions
{
    /// <summary>
    /// The event log in a silo: the store and its group-commit appender, snapshots, the subjects'
    /// keys (<c>Coordination:DataProtection</c>), and the daemon that runs the projections and
    /// reactions of the partitions this silo holds. Needs an <c>NpgsqlDataSource</c>.
    /// </summary>
    public static IServiceCollection AddCoordinationEventLog(this IServiceCollection services, IConfiguration configuration)
    {
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
        services.AddSingleton<IReaction, WorkflowReaction>();
        services.AddSingleton<EventLogDaemon>();
        services.AddHostedService(s => s.GetRequiredService<EventLogDaemon>());
        return services;
    }
}
