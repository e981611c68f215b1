using Coordination.Grains.Authorities;
using Coordination.Grains.Offices;
using Coordination.Grains.Referrals;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Coordination.Grains;

public static class CoordinationGrainsServiceCollectionExtensions
{
    /// <summary>
    /// The services grains depend on: the offices (<c>Coordination:Offices</c>), authorities
    /// (<c>Coordination:Authorities</c>) and referral SLAs (<c>Coordination:Referrals</c>), each
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
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
