using Coordination.Api.Hosting;
using Coordination.Api.Security;

// The API as a process of its own: an Orleans client of the silos, which it finds in PostgreSQL.
// (A silo can serve the same API itself: see CoordinationApiHosting.)
var builder = WebApplication.CreateBuilder(args);
if (args.FirstOrDefault() == "mint-token")
{
    return TokenMinter.RunCommand(args, builder.Configuration.GetSection(TokenOptions.Section).Get<TokenOptions>() ?? new());
}

builder.AddCoordinationClusterClient();
builder.AddCoordinationApi();

var app = builder.Build();
app.UseCoordinationApi();
app.Run();
return 0;

/// <summary>Visible to the API tests, which host this program.</summary>
public partial class Program;
