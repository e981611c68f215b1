using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Coordination.Process.Tests;

/// <summary>
/// The scripts pick their ports with <c>pg_free_port</c> (scripts/lib/postgres.sh), from ranges that
/// overlap Linux's ephemeral ports. The failure it names: a port that a client connection holds
/// refuses connections, so a check that only tries to connect called it free, and the PostgreSQL
/// that bench.sh then started on it failed with "Address already in use".
/// </summary>
public sealed class FreePortTests
{
    [Fact]
    public async Task A_port_that_a_client_connection_holds_is_not_free()
    {
        // A client connection's own end: the port is held, and connecting to it is refused (nothing listens there).
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)server.LocalEndpoint).Port);
        using var accepted = await server.AcceptTcpClientAsync();
        var held = ((IPEndPoint)client.Client.LocalEndPoint!).Port;
        using (var probe = new TcpClient())
        {
            await Assert.ThrowsAnyAsync<SocketException>(() => probe.ConnectAsync(IPAddress.Loopback, held));
        }

        // The only port in the range is the held one: there is none to give.
        var (exitCode, printed) = await FreePortAsync(held, held);

        Assert.Equal(1, exitCode);
        Assert.Equal("", printed);
    }

    [Fact]
    public async Task A_port_nothing_uses_is_given()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var (exitCode, printed) = await FreePortAsync(port, port);

        Assert.Equal(0, exitCode);
        Assert.Equal(port.ToString(CultureInfo.InvariantCulture), printed);
    }

    private static async Task<(int ExitCode, string Printed)> FreePortAsync(int low, int high)
    {
        var start = new ProcessStartInfo("bash", ["-c", $"source scripts/lib/postgres.sh && pg_free_port {low} {high}"])
        {
            WorkingDirectory = Repository.Root,
            RedirectStandardOutput = true,
        };
        using var script = System.Diagnostics.Process.Start(start)!;
        var printed = await script.StandardOutput.ReadToEndAsync();
        await script.WaitForExitAsync();
        return (script.ExitCode, printed.Trim());
    }
}
