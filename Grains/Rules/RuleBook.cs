using Coordination.Grains.Authorities;
using Coordination.Grains.Interfaces.Authorities;
using Coordination.Grains.Interfaces.Rules;
using Coordination.Grains.Offices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Coordination.Grains.Rules;

/// <summary>
/// The rules in force in this silo, read from the rule file at start and again whenever the file
/// changes (its time or size; looked at every few seconds while events are handled, and whenever an
/// administrator lists the rules). A file with a problem is refused, logged with its line, and
/// reported with the rules; the rules read before stay in force until a good file replaces it.
/// </summary>
public sealed class RuleBook(IOptions<RuleBookOptions> options, IOptions<OfficeCatalogOptions> offices, IOptions<AuthorityCatalogOptions> authorities,
    TimeProvider clock, ILogger<RuleBook> logger)
{
    private readonly Lock _lock = new();
    private RuleBookSnapshot _current = RuleBookSnapshot.Empty;
    private (DateTime Written, long Length)? _seen;
    private bool _attempted;
    private long _checkedAt = long.MinValue;

    /// <summary>The file, as an absolute path, or null when no rules are configured.</summary>
    public string? FilePath { get; } = string.IsNullOrWhiteSpace(options.Value.Path)
        ? null
        : Path.GetFullPath(options.Value.Path, AppContext.BaseDirectory);

    /// <summary>The rules in force, looking at the file if it was not looked at for a while.</summary>
    public RuleBookSnapshot Current
    {
        get
        {
            var checkedAt = Interlocked.Read(ref _checkedAt);
            if (checkedAt == long.MinValue || clock.GetElapsedTime(checkedAt) >= options.Value.CheckEvery)
            {
                Refresh();
            }
            return _current;
        }
    }

    /// <summary>Reads the file again now if it changed since it was last read; answers the rules in force.</summary>
    public RuleBookSnapshot Refresh()
    {
        lock (_lock)
        {
            Interlocked.Exchange(ref _checkedAt, clock.GetTimestamp());
            if (FilePath is null)
            {
                return _current;
            }
            var file = new FileInfo(FilePath);
            (DateTime, long)? stamp = file.Exists ? (file.LastWriteTimeUtc, file.Length) : null;
            if (_attempted && _seen == stamp)
            {
                return _current;
            }
            (_seen, _attempted) = (stamp, true);
            try
            {
                var text = stamp is null ? throw new RuleFileException(1, $"the rule file {FilePath} does not exist") : File.ReadAllText(FilePath);
                var rules = RuleFileParser.Parse(text,
                    offices.Value.Offices.Select(o => o.Code).ToHashSet(StringComparer.Ordinal),
                    authorities.Value.Authorities.Where(a => a.Kind is AuthorityKind.HumanRights or AuthorityKind.ChildProtection).Select(a => a.Code).ToHashSet(StringComparer.Ordinal));
                _current = new RuleBookSnapshot(FilePath, clock.GetUtcNow(), rules, null);
                logger.LogInformation("Referral workflow rules read from {File}: {Count} rules ({Enabled} switched on)", FilePath, rules.Count, rules.Count(r => r.Enabled));
            }
            catch (Exception e) when (e is RuleFileException or IOException or UnauthorizedAccessException)
            {
                var (line, problem) = e is RuleFileException refused ? (refused.Line, refused.Problem) : (1, e.Message);
                _current = _current with { Path = FilePath, Problem = new RuleFileProblem(line, problem, clock.GetUtcNow()) };
                logger.LogError("The rule file {File} was refused at line {Line}: {Problem}. The {Count} rules read before stay in force.",
                    FilePath, line, problem, _current.Rules.Count);
            }
            return _current;
        }
    }
}
