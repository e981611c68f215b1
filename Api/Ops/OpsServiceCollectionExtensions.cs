using Coordination.Grains.Interfaces.Ops;

namespace Coordination.Api.Ops;

public static class OpsServiceCollectionExtensions
{
    /// <summary>The operations figures (<c>Coordination:Ops</c>): their query and their meters.</summary>
    public static IServiceCollection AddOpsFigures(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OpsFiguresOptions>().Bind(configuration.GetSection(OpsFiguresOptions.Section));
        services.AddSingleton<OpsFiguresQuery>();
        return services;
    }
}
