using System.Globalization;

namespace Coordination.Bench;

/// <summary>CPU time the processes of the system have used (Linux /proc), to say where the time goes per operation.</summary>
public sealed class ProcessCpu(IReadOnlyDictionary<string, int> processes, int postmaster)
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>The measured processes' ids by name.</summary>
    public IReadOnlyDictionary<string, int> Pids => processes;

    /// <summary>CPU milliseconds used so far by each named process, by PostgreSQL (all its backends) and by this benchmark.</summary>
    public IReadOnlyDictionary<string, double> Read()
    {
        var used = processes.ToDictionary(p => p.Key, p => Milliseconds(p.Value));
        // Backends come and go: the postmaster's own account holds the CPU of those that exited (cutime, cstime).
        used["postgres"] = Milliseconds(postmaster, withExitedChildren: true) + ChildrenOf(postmaster).Sum(pid => Milliseconds(pid));
        used["load generator"] = Milliseconds(Environment.ProcessId);
        return used;
    }

    public static IReadOnlyDictionary<string, double> Since(IReadOnlyDictionary<string, double> now, IReadOnlyDictionary<string, double> before) =>
        now.ToDictionary(n => n.Key, n => n.Value - before.GetValueOrDefault(n.Key));

    private static IEnumerable<int> ChildrenOf(int parent) =>
        Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(name => name!.All(char.IsAsciiDigit))
            .Select(name => int.Parse(name!, CultureInfo.InvariantCulture))
            .Where(pid => Stat(pid) is { Length: > 3 } stat && stat[3] == parent.ToString(CultureInfo.InvariantCulture));

    private static double Milliseconds(int pid, bool withExitedChildren = false) =>
        Stat(pid) is { Length: > 16 } stat
            ? (Ticks(stat, 13) + Ticks(stat, 14) + (withExitedChildren ? Ticks(stat, 15) + Ticks(stat, 16) : 0)) * 1000 / TicksPerSecond
            : 0;

    private static long Ticks(string[] stat, int field) => long.Parse(stat[field], CultureInfo.InvariantCulture);

    /// <summary>The fields of /proc/PID/stat, with the command name (which may hold spaces) as one field.</summary>
    private static string[]? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var close = text.LastIndexOf(')');
            return [text[..text.IndexOf(' ')], text[(text.IndexOf('(') + 1)..close], .. text[(close + 2)..].Split(' ')];
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
