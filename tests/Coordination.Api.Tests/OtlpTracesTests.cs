using System.Net;
using System.Text;
using Coordination.Grains.Interfaces.Commands;

namespace Coordination.Api.Tests;

/// <summary>
/// With an OTLP endpoint configured, the API sends traces of a request: the ASP.NET Core server
/// span, the grain call it makes through the Orleans client, and its own PostgreSQL statements.
/// The endpoint here is a listener in the test that takes OTLP over HTTP (protobuf).
/// </summary>
[Collection(OpsCollection.Name)]
public sealed class OtlpTracesTests(OpsFixture fixture)
{
    [Fact]
    public async Task A_request_is_traced_through_the_api_its_grain_calls_and_postgresql_when_otlp_is_on()
    {
        var port = FreePort();
        using var collector = new HttpListener { Prefixes = { $"http://127.0.0.1:{port}/" } };
        collector.Start();
        var received = new StringBuilder();
        // Strings the protobuf of the exported spans must hold: the service, the server span's route, an Orleans grain call, a Npgsql command.
        string[] expected = ["coordination-api", "/ops/figures", "IOfficeDirectoryGrain", "Npgsql"];
        var traced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = Task.Run(async () =>
        {
            while (collector.IsListening)
            {
                var context = await collector.GetContextAsync();
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                if (context.Request.Url!.AbsolutePath == "/v1/traces")
                {
                    lock (received)
                    {
                        received.Append(Encoding.UTF8.GetString(body.ToArray()));
                        if (expected.All(e => received.ToString().Contains(e, StringComparison.Ordinal)))
                        {
                            traced.TrySetResult();
                        }
                    }
                }
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        });
        await using var api = new ApiHost(fixture.Cluster, settings: new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{port}",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        });

        var response = await api.ClientAs(StaffRole.Operations).GetAsync("/ops/figures");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var finished = await Task.WhenAny(traced.Task, Task.Delay(TimeSpan.FromSeconds(30)));
        string seen;
        lock (received)
        {
            seen = received.ToString();
        }
        Assert.True(finished == traced.Task, $"expected spans naming {string.Join(", ", expected)}; missing: {string.Join(", ", expected.Where(e => !seen.Contains(e, StringComparison.Ordinal)))}");
        collector.Stop();
    }

    private static int FreePort()
    {
        using var socket = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
