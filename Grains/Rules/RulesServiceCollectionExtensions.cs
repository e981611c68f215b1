using Coordination.Grains.EventLog;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.Grains.Rules;

public static class RulesServiceCollectionExtensions
{
    /// <summary>The referral workflow rules (<c>Coordination:Rules</c>) and the reaction that applies them.</summary>
    public static IServiceCollection AddCoordinationRules(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RuleBookOptions>().Bind(configuration.GetSection(RuleBookOptions.Section));
        services.AddSingleton<RuleBook>();
        services.AddHostedService<RuleBookLoader>();
        services.AddSingleton<RuleAudit>();
        services.AddSingleton<IReaction, RulesReaction>();
        return services;
    }
}
