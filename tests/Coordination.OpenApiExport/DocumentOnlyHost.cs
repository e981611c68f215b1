using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Coordination.OpenApiExport;

/// <summary>
/// The API program with its endpoints and document as deployed, but without the background
/// services that need the cluster and PostgreSQL (the Orleans client's connection, the audit
/// writer, the purge of stored answers): only the document is read from it.
/// </summary>
internal sealed class DocumentOnlyHost : WebApplicationFactory<Program>
{
    // The API's content (appsettings.json) is copied beside this program; without this the factory looks for the project's folder.
    static DocumentOnlyHost() => Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_COORDINATION_API", AppContext.BaseDirectory);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        // Never connected to: no background service that would is started.
        builder.UseSetting("ConnectionStrings:Coordination", "Host=127.0.0.1;Port=1;Username=none;Database=none");
        builder.UseSetting("Authentication:SigningKey", Convert.ToBase64String(new byte[32]));
        builder.ConfigureTestServices(services =>
        {
            foreach (var background in services.Where(s => s.ServiceType == typeof(IHostedService) && !IsWebServer(s)).ToList())
            {
                services.Remove(background);
            }
        });
    }

    // The web host's own service starts the (test) server that answers the document request.
    private static bool IsWebServer(ServiceDescriptor service) =>
        service.ImplementationType?.Name == "GenericWebHostService";
}
