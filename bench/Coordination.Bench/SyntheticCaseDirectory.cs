using System.Diagnostics;
using Coordination.Grains.Interfaces.Cases;
using Npgsql;
using NpgsqlTypes;

namespace Coordination.Bench;

/// <summary>One synthetic case directory row as the bench remembers it, to build searches that find something.</summary>
public sealed record SampleCase(string CaseNumber, string OfficeCode, CaseStatus Status, string GivenNames, string FamilyNames, string? DocumentNumber, DateTime RegisteredAt);

/// <summary>
/// A synthetic caseload of <c>total</c> cases written straight into <c>case_directory</c> with binary
/// COPY (not through the API: a million registrations through the API would take hours). The rows are
/// what the cases projection writes for such cases: folded names and document numbers made with the
/// project's own <see cref="NameFolding"/> and <see cref="DocumentNumbers"/>, case numbers with
/// <see cref="CaseNumber"/>, numbered per office and year in order of registration over four years.
/// The whole timeline of <c>total</c> registrations is made first and then dealt out at random to the
/// steps of a stepwise load, so that each step adds a random sample of it (at the smaller sizes the
/// sequences have gaps); within a step the rows are written in order of registration.
/// Everything comes from one seed: two runs load the same cases.
/// </summary>
public sealed class SyntheticCaseDirectory
{
    public static readonly string[] Offices = ["TAP", "MEX", "TUX", "ACA", "CJS"];
    private static readonly int[] OfficeWeights = [35, 20, 20, 15, 10];
    private static readonly DateTime From = new(2023, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime To = new(2026, 11, 27, 0, 0, 0, DateTimeKind.Utc);
    private const int SampleEvery = 97;
    private static readonly int[] RegionWeights = [.. SyntheticNames.Regions.Select(r => r.Weight)];

    private readonly long[] _ticks;      // registration times, in load order
    private readonly byte[] _office;     // index into Offices, in load order
    private readonly int[] _sequence;    // the office's sequence in the year of registration, in load order
    private readonly Random _random;
    private readonly List<SampleCase> _samples = [];

    public SyntheticCaseDirectory(int total, int seed)
    {
        _random = new Random(seed);
        var ticks = new long[total];
        var office = new byte[total];
        var span = To.Ticks - From.Ticks;
        for (var i = 0; i < total; i++)
        {
            // PostgreSQL keeps microseconds.
            ticks[i] = From.Ticks + (_random.NextInt64(span) / 10 * 10);
            office[i] = (byte)Pick(OfficeWeights);
        }
        Array.Sort(ticks, office);
        var sequence = new int[total];
        var next = new Dictionary<(int Office, int Year), int>();
        for (var i = 0; i < total; i++)
        {
            var key = (office[i], new DateTime(ticks[i], DateTimeKind.Utc).Year);
            sequence[i] = next[key] = next.GetValueOrDefault(key) + 1;
        }
        var order = Enumerable.Range(0, total).ToArray();
        _random.Shuffle(order);
        _ticks = [.. order.Select(i => ticks[i])];
        _office = [.. order.Select(i => office[i])];
        _sequence = [.. order.Select(i => sequence[i])];
    }

    /// <summary>Rows loaded so far.</summary>
    public int Loaded { get; private set; }

    /// <summary>About one loaded row in a hundred, to search for.</summary>
    public IReadOnlyList<SampleCase> Samples => _samples;

    /// <summary>Loads the next rows until <paramref name="count"/> are loaded; the time it took.</summary>
    public TimeSpan LoadTo(string connectionString, int count)
    {
        var clock = Stopwatch.StartNew();
        // Within a step the rows go in in order of registration, as the cases projection appends them.
        var step = Enumerable.Range(Loaded, count - Loaded).OrderBy(i => _ticks[i]).ToArray();
        long[] ticks = [.. step.Select(i => _ticks[i])];
        byte[] office = [.. step.Select(i => _office[i])];
        int[] sequence = [.. step.Select(i => _sequence[i])];
        ticks.CopyTo(_ticks, Loaded);
        office.CopyTo(_office, Loaded);
        sequence.CopyTo(_sequence, Loaded);
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using (var import = connection.BeginBinaryImport("""
            COPY case_directory (case_number, office_code, status, version, given_names, family_names, folded_names, nationality,
                                 birth_date, document_number, vulnerabilities, open_referrals, overdue_referrals, registered_at, updated_at)
            FROM STDIN (FORMAT BINARY)
            """))
        {
            for (; Loaded < count; Loaded++)
            {
                WriteRow(import, Loaded);
            }
            import.Complete();
        }
        return clock.Elapsed;
    }

    private void WriteRow(NpgsqlBinaryImporter import, int i)
    {
        var registeredAt = new DateTime(_ticks[i], DateTimeKind.Utc);
        var office = Offices[_office[i]];
        var caseNumber = new CaseNumber(office, registeredAt.Year, _sequence[i]).ToString();
        var region = SyntheticNames.Regions[Pick(RegionWeights)];
        var names = _random.Next(2) == 0 ? region.Women : region.Men;
        var given = One(names);
        if (region.FamilyNamesPerPerson == 2 && _random.Next(2) == 0)
        {
            given = $"{given} {One(names)}";
        }
        var family = string.Join(' ', Enumerable.Range(0, region.FamilyNamesPerPerson).Select(_ => One(region.FamilyNames)));
        var age = _random.Next(100) switch
        {
            < 18 => _random.Next(0, 18),
            < 90 => _random.Next(18, 50),
            _ => _random.Next(50, 76),
        };
        var birthDate = DateOnly.FromDateTime(registeredAt).AddYears(-age).AddDays(-_random.Next(365));
        // Most people carry a document; its number as the projection stores it (letters and digits, upper case).
        var document = _random.Next(100) < 85
            ? DocumentNumbers.Normalize($"{One(region.DocumentPrefixes)}-{_random.Next(1_000_000, 99_999_999)}")
            : null;
        var status = Status(To - registeredAt);
        var terminal = status is CaseStatus.Closed or CaseStatus.Ineligible or CaseStatus.Withdrawn;
        string[] vulnerabilities = _random.Next(100) switch
        {
            _ when age < 18 && _random.Next(3) == 0 => [nameof(VulnerabilityFlag.UnaccompaniedMinor)],
            _ when age < 18 && _random.Next(3) == 0 => [nameof(VulnerabilityFlag.SeparatedChild)],
            < 75 => [],
            < 95 => [((VulnerabilityFlag)_random.Next(2, 9)).ToString()],
            _ => [.. new[] { (VulnerabilityFlag)_random.Next(2, 5), (VulnerabilityFlag)_random.Next(5, 9) }.Select(f => f.ToString())],
        };
        var open = terminal ? 0 : _random.Next(4);
        var overdue = open > 0 && _random.Next(10) == 0 ? 1 : 0;
        var version = 1 + Math.Min((int)status, 10) + _random.Next(4);
        var updatedAt = registeredAt.AddTicks((long)(_random.NextDouble() * Math.Min((To - registeredAt).Ticks, TimeSpan.FromDays(200).Ticks)) / 10 * 10);

        import.StartRow();
        import.Write(caseNumber, NpgsqlDbType.Text);
        import.Write(office, NpgsqlDbType.Text);
        import.Write(status.ToString(), NpgsqlDbType.Text);
        import.Write(version, NpgsqlDbType.Integer);
        import.Write(given, NpgsqlDbType.Text);
        import.Write(family, NpgsqlDbType.Text);
        // Exactly as the cases projection folds a registration's names.
        import.Write(NameFolding.Fold($"{given} {family}"), NpgsqlDbType.Text);
        import.Write(One(region.Nationalities), NpgsqlDbType.Text);
        import.Write(birthDate, NpgsqlDbType.Date);
        if (document is null)
        {
            import.WriteNull();
        }
        else
        {
            import.Write(document, NpgsqlDbType.Text);
        }
        import.Write(vulnerabilities, NpgsqlDbType.Array | NpgsqlDbType.Text);
        import.Write(open, NpgsqlDbType.Integer);
        import.Write(overdue, NpgsqlDbType.Integer);
        import.Write(registeredAt, NpgsqlDbType.TimestampTz);
        import.Write(updatedAt, NpgsqlDbType.TimestampTz);

        if (i % SampleEvery == 0)
        {
            _samples.Add(new SampleCase(caseNumber, office, status, given, family, document, registeredAt));
        }
    }

    /// <summary>Where a case registered this long ago has got to: recent cases are spread over the lifecycle, old ones mostly ended.</summary>
    private CaseStatus Status(TimeSpan age) => age.TotalDays switch
    {
        < 90 => Weighted(
            (CaseStatus.Registered, 15), (CaseStatus.Counselled, 15), (CaseStatus.Screened, 12), (CaseStatus.Consented, 10),
            (CaseStatus.ClearanceRequested, 10), (CaseStatus.Cleared, 8), (CaseStatus.TravelBooked, 6), (CaseStatus.Departed, 4),
            (CaseStatus.Arrived, 3), (CaseStatus.Withdrawn, 5), (CaseStatus.Ineligible, 4), (CaseStatus.OnHold, 6), (CaseStatus.Closed, 2)),
        < 365 => Weighted(
            (CaseStatus.Closed, 30), (CaseStatus.Reintegration, 20), (CaseStatus.Arrived, 5), (CaseStatus.Departed, 3),
            (CaseStatus.Withdrawn, 10), (CaseStatus.Ineligible, 8), (CaseStatus.OnHold, 6), (CaseStatus.TravelBooked, 4),
            (CaseStatus.Cleared, 4), (CaseStatus.ClearanceRequested, 4), (CaseStatus.Consented, 3), (CaseStatus.Screened, 2), (CaseStatus.Counselled, 1)),
        _ => Weighted((CaseStatus.Closed, 70), (CaseStatus.Withdrawn, 12), (CaseStatus.Ineligible, 10), (CaseStatus.Reintegration, 5), (CaseStatus.OnHold, 3)),
    };

    private CaseStatus Weighted(params (CaseStatus Status, int Weight)[] choices) =>
        choices[Pick([.. choices.Select(c => c.Weight)])].Status;

    private string One(string[] items) => items[_random.Next(items.Length)];

    private int Pick(int[] weights)
    {
        var roll = _random.Next(weights.Sum());
        for (var i = 0; i < weights.Length; i++)
        {
            roll -= weights[i];
            if (roll < 0)
            {
                return i;
            }
        }
        return weights.Length - 1;
    }
}
