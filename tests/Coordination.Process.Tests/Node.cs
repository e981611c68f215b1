using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Coordination.Process.Tests;

/// <summary>A silo or an API, started as the deployment starts it: its own process, configured by environment.</summary>
public sealed class Node : IAsyncDisposable
{
    private readonly ProcessStartInfo _start;
    private readonly StringBuilder _output = new();
    private System.Diagnostics.Process? _process;

    private Node(string name, ProcessStartInfo start, int readyPort)
    {
        Name = name;
        _start = start;
        ReadyPort = readyPort;
    }

    public string Name { get; }

    /// <summary>The port that accepts connections once the node serves (a silo's gateway, the API's HTTP port).</summary>
    public int ReadyPort { get; }

    public bool Running => _process is { HasExited: false };

    /// <summary>What the process wrote, for a failure message.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>A silo; with <paramref name="apiPort"/> it serves the HTTP API too (co-hosted), and is ready when that port is.</summary>
    public static Node Silo(string name, string connectionString, string clusterId, int siloPort, int gatewayPort,
        IReadOnlyDictionary<string, string>? settings = null, int? apiPort = null) =>
        new(name, Start(Repository.SiloDirectory, "Coordination.Silo.dll", [], new(CoHosting(settings, apiPort))
        {
            ["ConnectionStrings__Coordination"] = connectionString,
            ["Orleans__ClusterId"] = clusterId,
            ["Orleans__SiloPort"] = siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans__GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans__AdvertisedIPAddress"] = "127.0.0.1",
            ["Coordination__DataProtection__MasterKey"] = SystemUnderTest.MasterKey,
            // No referral workflow rules: these tests count each step a person takes (the rules have tests of their own).
            ["Coordination__Rules__Path"] = "",
        }), apiPort ?? gatewayPort);

    private static Dictionary<string, string> CoHosting(IReadOnlyDictionary<string, string>? settings, int? apiPort)
    {
        var environment = new Dictionary<string, string>(settings ?? new Dictionary<string, string>());
        if (apiPort is { } port)
        {
            environment["Api__Urls"] = $"http://127.0.0.1:{port}";
            environment["Authentication__SigningKey"] = SystemUnderTest.SigningKey;
        }
        return environment;
    }

    public static Node Api(string name, string connectionString, string clusterId, int port) =>
        new(name, Start(Repository.ApiDirectory, "Coordination.Api.dll", ["--urls", $"http://127.0.0.1:{port}"], new()
        {
            ["ConnectionStrings__Coordination"] = connectionString,
            ["Orleans__ClusterId"] = clusterId,
            ["Authentication__SigningKey"] = SystemUnderTest.SigningKey,
        }), port);

    private static ProcessStartInfo Start(string directory, string assembly, string[] arguments, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(directory, assembly), .. arguments])
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        return start;
    }

    /// <summary>Starts the process and waits until its port accepts connections.</summary>
    public async Task StartAsync(TimeSpan? timeout = null)
    {
        _process = System.Diagnostics.Process.Start(_start) ?? throw new InvalidOperationException($"{Name} did not start.");
        _process.OutputDataReceived += (_, line) => Keep(line.Data);
        _process.ErrorDataReceived += (_, line) => Keep(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < (timeout ?? TimeSpan.FromSeconds(90)))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode} while starting: {Output}");
            }
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", ReadyPort);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(200);
            }
        }
        throw new TimeoutException($"{Name} did not open port {ReadyPort} within {timeout ?? TimeSpan.FromSeconds(90)}: {Output}");
    }

    /// <summary>SIGTERM, as run.sh or an orchestrator stops a node; true if the process ended within <paramref name="patience"/>.</summary>
    public async Task<bool> TerminateAsync(TimeSpan patience)
    {
        if (_process is not { HasExited: false })
        {
            return true;
        }
        System.Diagnostics.Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])?.WaitForExit();
        using var waiting = new CancellationTokenSource(patience);
        try
        {
            await _process.WaitForExitAsync(waiting.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>SIGKILL: no shutdown, no goodbye to the cluster.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            // A graceful stop first (SIGTERM), so that a silo leaves the cluster cleanly.
            System.Diagnostics.Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])?.WaitForExit();
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await _process.WaitForExitAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                Kill();
            }
        }
        _process?.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            if (_output.Length < 200_000)
            {
                _output.AppendLine(line);
            }
        }
    }
}
