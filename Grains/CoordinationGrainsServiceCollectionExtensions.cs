using Coordination.Grains.Offices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Coordination.Grains;

public static class CoordinationGrainsServiceCollectionExtensions
{
    /// <summary>
    /// The services grains depend on: the office catalog from <c>Coordination:Offices</c>
    /// (validated at start) and the system clock, unless a test has registered its own.
    /// </summary>
    public static IServiceCollection AddCoordinationGrains(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OfficeCatalogOptions>()
            .Bind(configuration.GetSection(OfficeCatalogOptions.Section))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OfficeCatalogOptions>, OfficeCatalogValidator>());
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
