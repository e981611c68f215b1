using Coordination.Grains.EventSourcing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Runtime;

namespace Coordination.Grains.EventLog;

/// <summary>
/// Runs the projections and reactions of the partitions this silo holds. Partitions are leased
/// with PostgreSQL advisory locks on a connection the daemon keeps open: each silo takes its share
/// (the partitions divided by the active silos), a partition left free by a silo that stopped or
/// died (its connection, and so its locks, went with it) is taken by the others, and a silo with
/// more than its share gives some back when another joins. Two readers of one partition at once
/// are harmless (checkpoints only move from where they were), only wasteful.
/// </summary>
public sealed class EventLogDaemon(
    NpgsqlDataSource database,
    [FromKeyedServices(EventLogDaemon.SessionConnections)] NpgsqlDataSource sessions,
    EventLogReader reader,
    CheckpointStore checkpoints,
    LogSignal signal,
    EventLogProgress progress,
    IEnumerable<IProjection> projections,
    IEnumerable<IReaction> reactions,
    IClusterMembershipService membership,
    IHostApplicationLifetime lifetime,
    ILoggerFactory loggers) : BackgroundService
{
    /// <summary>The key of the data source whose connections are not pooled (they hold session state).</summary>
    public const string SessionConnections = "event-log-sessions";

    // The first key of the two-key advisory lock; the second is the partition.
    internal const int LeaseLockClass = 0x436F6F72; // "Coor"
    private static readonly TimeSpan LeaseInterval = TimeSpan.FromSeconds(2);

    private readonly ILogger _logger = loggers.CreateLogger<EventLogDaemon>();
    private readonly Dictionary<int, (CancellationTokenSource Stop, Task Running)> _held = [];
    // How many looks in a row each partition was seen free; one free for long has lost its silo.
    private Dictionary<int, int> _seenFree = [];
    private const int LooksBeforeTakingBeyondShare = 3;
    private NpgsqlConnection? _leases;

    /// <summary>The partitions this silo reads now.</summary>
    public IReadOnlyCollection<int> HeldPartitions => [.. _held.Keys];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Reactions call grains: wait until the silo serves.
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }
        var listening = ListenAsync(stoppingToken);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await BalanceAsync(stoppingToken);
                await Task.Delay(LeaseInterval, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await ReleaseAllAsync();
            await listening;
        }
    }

    private async Task BalanceAsync(CancellationToken stopping)
    {
        try
        {
            if (_leases is null)
            {
                _leases = await sessions.OpenConnectionAsync(stopping);
            }
            var activeSilos = Math.Max(1, membership.CurrentSnapshot.Members.Values.Count(m => m.Status == SiloStatus.Active));
            var share = (LogPartitions.Count + activeSilos - 1) / activeSilos;

            foreach (var partition in _held.Keys.OrderDescending().Take(Math.Max(0, _held.Count - share)).ToList())
            {
                await ReleaseAsync(partition, unlock: true);
            }

            var free = await FreePartitionsAsync(stopping);
            _seenFree = free.ToDictionary(p => p, p => _seenFree.GetValueOrDefault(p) + 1);
            // Up to the share; beyond it, partitions that stayed free for several looks (no silo is taking them).
            foreach (var partition in free.OrderBy(p => p))
            {
                if (_held.Count < share || _seenFree[partition] >= LooksBeforeTakingBeyondShare)
                {
                    await TryTakeAsync(partition, stopping);
                }
            }
        }
        catch (Exception e) when (!stopping.IsCancellationRequested)
        {
            // The lease connection broke: the locks are gone with it, so stop reading at once.
            _logger.LogWarning(e, "Lost the event log leases; reading nothing until they are taken again");
            await ReleaseAllAsync();
        }
    }

    private async Task<IReadOnlyList<int>> FreePartitionsAsync(CancellationToken stopping)
    {
        await using var command = new NpgsqlCommand("""
            SELECT p FROM generate_series(0, $1 - 1) AS p
             WHERE NOT EXISTS (SELECT 1 FROM pg_locks l
                                WHERE l.locktype = 'advisory' AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                                  AND l.classid = $2 AND l.objid = p AND l.objsubid = 2 AND l.granted)
            """, _leases);
        command.Parameters.Add(new NpgsqlParameter { Value = LogPartitions.Count });
        command.Parameters.Add(new NpgsqlParameter { Value = LeaseLockClass });
        var free = new List<int>();
        await using var result = await command.ExecuteReaderAsync(stopping);
        while (await result.ReadAsync(stopping))
        {
            free.Add(result.GetInt32(0));
        }
        return free;
    }

    private async Task TryTakeAsync(int partition, CancellationToken stopping)
    {
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock($1, $2)", _leases);
        command.Parameters.Add(new NpgsqlParameter { Value = LeaseLockClass });
        command.Parameters.Add(new NpgsqlParameter { Value = partition });
        if (await command.ExecuteScalarAsync(stopping) is not true)
        {
            return;
        }
        var stop = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var workers = projections.Select(p => Worker(partition, p, null))
            .Concat(reactions.Select(r => Worker(partition, null, r)))
            .Select(w => Task.Run(() => w.RunAsync(stop.Token), CancellationToken.None))
            .ToList();
        _held[partition] = (stop, Task.WhenAll(workers));
        _logger.LogInformation("Reading event log partition {Partition}", partition);
    }

    private SubscriptionWorker Worker(int partition, IProjection? projection, IReaction? reaction) =>
        new(partition, projection, reaction, reader, database, checkpoints, signal, progress, loggers.CreateLogger<SubscriptionWorker>());

    private async Task ReleaseAsync(int partition, bool unlock)
    {
        if (!_held.Remove(partition, out var held))
        {
            return;
        }
        await held.Stop.CancelAsync();
        try
        {
            await held.Running;
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "A reader of partition {Partition} stopped with an error", partition);
        }
        held.Stop.Dispose();
        progress.Forget(partition);
        if (unlock && _leases is not null)
        {
            await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock($1, $2)", _leases);
            command.Parameters.Add(new NpgsqlParameter { Value = LeaseLockClass });
            command.Parameters.Add(new NpgsqlParameter { Value = partition });
            await command.ExecuteScalarAsync();
        }
        _logger.LogInformation("Stopped reading event log partition {Partition}", partition);
    }

    private async Task ReleaseAllAsync()
    {
        foreach (var partition in _held.Keys.ToList())
        {
            await ReleaseAsync(partition, unlock: false);
        }
        if (_leases is not null)
        {
            // Closing the connection releases every lock it held.
            await _leases.DisposeAsync();
            _leases = null;
        }
    }

    /// <summary>Wakes the readers whenever an appender notifies that the log grew.</summary>
    private async Task ListenAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await using var connection = await sessions.OpenConnectionAsync(stopping);
                connection.Notification += (_, notification) => signal.Raise(notification.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {EventAppender.NotificationChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stopping);
                }
                signal.RaiseAll();
                while (!stopping.IsCancellationRequested)
                {
                    if (!await connection.WaitAsync(TimeSpan.FromSeconds(30), stopping))
                    {
                        await using var ping = new NpgsqlCommand("SELECT 1", connection);
                        await ping.ExecuteScalarAsync(stopping);
                    }
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                _logger.LogDebug(e, "Not listening for new events; readers look every second meanwhile");
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(2), stopping);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
