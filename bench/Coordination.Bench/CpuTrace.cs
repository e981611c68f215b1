using System.Diagnostics;
using System.Globalization;

namespace Coordination.Bench;

/// <summary>
/// A CPU profile of one process for a while: <c>perf record</c> sampling its stacks (the process
/// runs with <c>DOTNET_PerfMapEnabled=1</c>, so perf names the JIT-compiled .NET methods too),
/// written where <c>perf report -i FILE</c> reads it. Linux's perf, from Debian's
/// <c>linux-perf</c> package.
/// </summary>
public sealed class CpuTrace
{
    private readonly Process _process;
    private readonly string _output;

    private CpuTrace(Process process, string output) => (_process, _output) = (process, output);

    public static CpuTrace Start(int pid, string output, TimeSpan duration)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        var start = new ProcessStartInfo("perf")
        {
            ArgumentList =
            {
                "record", "--quiet", "-F", "299", "-g", "-p", pid.ToString(CultureInfo.InvariantCulture), "-o", output,
                "--", "sleep", ((int)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture),
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        return new CpuTrace(Process.Start(start) ?? throw new InvalidOperationException("perf did not start."), output);
    }

    public async Task WaitAsync()
    {
        var output = _process.StandardOutput.ReadToEndAsync();
        var error = _process.StandardError.ReadToEndAsync();
        await _process.WaitForExitAsync();
        Console.WriteLine(_process.ExitCode == 0
            ? $"[bench] CPU profile: {_output}"
            : $"[bench] perf record failed ({_process.ExitCode}): {await error}{await output}");
    }
}
