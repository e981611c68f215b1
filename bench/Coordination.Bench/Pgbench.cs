using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Coordination.Bench;

/// <summary>pgbench's simple-update script without branch updates (-N) on the same server: the durable-commit anchor.</summary>
public static partial class Pgbench
{
    public static async Task<double> TpsAsync(string pgbench, string host, int port, string database, int clients, TimeSpan duration)
    {
        var arguments = $"-N -n -c {clients} -j {Math.Min(clients, 2)} -T {(int)duration.TotalSeconds} -h {host} -p {port} -U postgres {database}";
        using var process = Process.Start(new ProcessStartInfo(pgbench, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw new InvalidOperationException("pgbench did not start");
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var match = Tps().Match(output);
        return match.Success
            ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"pgbench failed: {output} {errors}");
    }

    [GeneratedRegex(@"tps = ([0-9.]+)")]
    private static partial Regex Tps();
}
