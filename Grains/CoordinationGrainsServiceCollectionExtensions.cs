using Coordination.Grains.Authorities;
using Coordination.Grains.Cases;
using Coordination.Grains.Offices;
using Coordination.Grains.Referrals;
using Coordination.Grains.Retention;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Coordination.Grains;

public static class CoordinationGrainsServiceCollectionExtensions
{
    /// <summary>
    /// The services grains depend on: the offices (<c>Coordination:Offices</c>), authorities
    /// (<c>Coordination:Authorities</c>), referral SLAs (<c>Coordination:Referrals</c>), break-glass access (<c>Coordination:EmergencyAccess</c>) and retention (<c>Coordination:Retention</c>), each
    /// validated at start, and the system clock unless a test has registered its own.
    /// </summary>
    public static IServiceCollection AddCoordinationGrains(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OfficeCatalogOptions>()
            .Bind(configuration.GetSection(OfficeCatalogOptions.Section))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OfficeCatalogOptions>, OfficeCatalogValidator>());
        services.AddOptions<AuthorityCatalogOptions>()
            .Bind(configuration.GetSection(AuthorityCatalogOptions.Section))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuthorityCatalogOptions>, AuthorityCatalogValidator>());
        services.AddOptions<ReferralOptions>()
            .Bind(configuration.GetSection(ReferralOptions.Section))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ReferralOptions>, ReferralOptionsValidator>());
        services.AddOptions<EmergencyAccessOptions>()
            .Bind(configuration.GetSection(EmergencyAccessOptions.Section))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EmergencyAccessOptions>, EmergencyAccessOptionsValidator>());
        services.AddOptions<RetentionOptions>()
            .Bind(configuration.GetSection(RetentionOptions.Section))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RetentionOptions>, RetentionOptionsValidator>());
        services.AddHostedService<RetentionSchedule>();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
