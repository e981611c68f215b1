using Coordination.Grains.EventLog;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.Grains.Webhooks;

public static class WebhooksServiceCollectionExtensions
{
    /// <summary>Outbound webhooks (<c>Coordination:Webhooks</c>): the projection that queues deliveries and the dispatcher that sends them.</summary>
    public static IServiceCollection AddCoordinationWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.Section));
        services.AddSingleton<WebhookSecrets>();
        services.AddSingleton<IProjection, WebhooksProjection>();
        services.AddHostedService<WebhookDispatcher>();
        return services;
    }
}
