namespace Coordination.Grains.Interfaces.Retention;

/// <summary>
/// The retention job: one per cluster (key 0), woken by a durable reminder. It erases the personal
/// data of every case that ended longer ago than the retention period, and audits each erasure.
/// </summary>
public interface IRetentionGrain : IGrainWithIntegerKey
{
    /// <summary>Registers the job's reminder (idempotent); every silo asks at start.</summary>
    Task EnsureScheduledAsync();

    /// <summary>
    /// Erases what is due now, batch by batch, for at most a few seconds; <see cref="RetentionRun.MoreDue"/>
    /// says the round stopped with cases left (the reminder's tick then goes on by itself).
    /// </summary>
    Task<RetentionRun> RunAsync();

    /// <summary>The policy in force and the last round since this activation began, if any.</summary>
    Task<RetentionStatus> GetStatusAsync();
}

/// <summary>One round of the retention job.</summary>
/// <param name="StartedAt">When the round began.</param>
/// <param name="FinishedAt">When it ended.</param>
/// <param name="EndedBefore">Cases that ended before this moment were due.</param>
/// <param name="Erased">How many cases it erased.</param>
/// <param name="NotDue">Cases it found no longer due (reopened, or erased meanwhile).</param>
/// <param name="Failed">Cases whose erasure failed (PostgreSQL unreachable): tried again next round.</param>
/// <param name="MoreDue">The round ran out of time with cases still due; the job goes on shortly.</param>
[GenerateSerializer, Immutable, Alias("Coordination.RetentionRun")]
public sealed record RetentionRun(
    [property: Id(0)] DateTimeOffset StartedAt,
    [property: Id(1)] DateTimeOffset FinishedAt,
    [property: Id(2)] DateTimeOffset EndedBefore,
    [property: Id(3)] int Erased,
    [property: Id(4)] int NotDue,
    [property: Id(5)] int Failed,
    [property: Id(6)] bool MoreDue);

/// <summary>The retention policy in force and how the job last went.</summary>
[GenerateSerializer, Immutable, Alias("Coordination.RetentionStatus")]
public sealed record RetentionStatus(
    [property: Id(0)] TimeSpan EndedCasesKeptFor,
    [property: Id(1)] TimeSpan RunEvery,
    [property: Id(2)] RetentionRun? LastRun);
