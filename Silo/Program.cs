using Coordination.Api.Hosting;
using Coordination.Silo.Hosting;
using Coordination.Silo.Schema;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Coordination.Silo;

/// <summary>
/// The Coordination silo. "Coordination.Silo migrate" applies the schema and exits; without
/// arguments the silo applies the schema, joins the cluster and runs until Ctrl+C or SIGTERM.
/// With <c>Api:Urls</c> set (environment <c>Api__Urls</c>) it also serves the HTTP API on those
/// URLs, a co-hosted node: the API's calls to actors living in this silo skip the network.
/// </summary>
public static class SiloProgram
{
    /// <summary>The URLs a silo serves the HTTP API on; unset, it serves none.</summary>
    public const string ApiUrlsSetting = "Api:Urls";

    public static async Task<int> Main(string[] args)
    {
        // Whether to serve the API decides which builder to make, so it is read before either exists (from the same sources).
        var environment = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? "Production";
        var configuration = new ConfigurationBuilder()
            .SetBasePath(Directory.GetCurrentDirectory())
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environment}.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args)
            .Build();
        var apiUrls = configuration[ApiUrlsSetting];
        IHostApplicationBuilder builder = string.IsNullOrWhiteSpace(apiUrls)
            ? Host.CreateApplicationBuilder(args)
            : WebApplication.CreateBuilder(args);
        var connectionString = builder.Configuration.GetConnectionString("Coordination");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            Console.Error.WriteLine("Set ConnectionStrings:Coordination (environment: ConnectionStrings__Coordination) to a PostgreSQL connection string.");
            return 2;
        }

        using (var loggerFactory = LoggerFactory.Create(logging => logging.AddSimpleConsole(o => o.SingleLine = true)))
        {
            await SchemaMigrator.ApplyAsync(connectionString, loggerFactory.CreateLogger("Coordination.Schema"));
        }
        if (args.Contains("migrate"))
        {
            return 0;
        }

        if (builder is WebApplicationBuilder web)
        {
            web.WebHost.UseUrls(apiUrls!.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            web.UseCoordinationSilo(connectionString, withTracing: ApiTelemetry.OtlpConfigured(web.Configuration));
            // The API's telemetry covers the silo's meters too (one /metrics for the node).
            web.AddCoordinationApi();
            var app = web.Build();
            app.UseCoordinationApi();
            await app.RunAsync();
            return 0;
        }

        var host = (HostApplicationBuilder)builder;
        host.AddCoordinationTelemetry();
        host.UseCoordinationSilo(connectionString, withTracing: SiloTelemetry.OtlpConfigured(host.Configuration));
        await host.Build().RunAsync();
        return 0;
    }
}
