using System.Text.Json.Serialization;
using Coordination.Api.Cases;
using Coordination.Api.Health;
using Coordination.Api.Hosting;
using Coordination.Api.Offices;
using Coordination.Api.Problems;
using Orleans.Dashboard;

var builder = WebApplication.CreateBuilder(args);

builder.AddCoordinationClusterClient();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<RequestBodyExceptionHandler>();
builder.Services.AddExceptionHandler<ClusterUnavailableExceptionHandler>();
// Bad request bodies surface as exceptions so that RequestBodyExceptionHandler can name the field.
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
builder.Services.AddCoordinationHealthChecks();
builder.Services.AddOpenApi();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();

app.MapOpenApi();
app.MapHealthEndpoints();
app.MapCaseEndpoints();
app.MapOfficeEndpoints();
app.MapOrleansDashboard("/dashboard");

app.Run();

/// <summary>Visible to the API tests, which host this program.</summary>
public partial class Program;
