using Coordination.Grains.EventSourcing;
using Coordination.Grains.Interfaces.Authorities;
using Coordination.Grains.Interfaces.Errors;
using Coordination.Grains.Offices;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Coordination.Grains.Authorities;

/// <summary>
/// An authority's liaison: the inbox of referrals awaiting its answer and how fast it acknowledges
/// and answers, overall and per sending office. Both are projections of the event log (the
/// "referrals" projection), so every referral is counted exactly once however often it is read.
/// </summary>
public sealed class AuthorityLiaisonGrain(IOptions<AuthorityCatalogOptions> catalog, NpgsqlDataSource database) : Grain, IAuthorityLiaisonGrain
{
    public Task<AuthoritySnapshot> GetAsync()
    {
        var definition = catalog.Value.Find(this.GetPrimaryKeyString()) ?? throw new UnknownAuthorityException(this.GetPrimaryKeyString());
        return StorageFailures.GuardAsync(async () =>
        {
            await using var connection = await database.OpenConnectionAsync();
            await using var batch = new NpgsqlBatch(connection)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand($"SELECT {OfficeFigures.InboxColumns} FROM referral_board WHERE to_code = $1 AND sla_running ORDER BY due_at")
                        { Parameters = { new() { Value = definition.Code } } },
                    new NpgsqlBatchCommand("""
                        SELECT from_code, sum(acknowledged)::int, sum(acknowledge_seconds), sum(answered)::int, sum(answer_seconds)
                          FROM referral_turnaround WHERE to_code = $1 GROUP BY from_code ORDER BY from_code
                        """) { Parameters = { new() { Value = definition.Code } } },
                },
            };
            await using var reader = await batch.ExecuteReaderAsync();
            var inbox = await OfficeFigures.ReadInboxAsync(reader);
            await reader.NextResultAsync();
            var byOffice = new Dictionary<string, Turnaround>();
            var (acknowledged, acknowledgeSeconds, answered, answerSeconds) = (0, 0d, 0, 0d);
            while (await reader.ReadAsync())
            {
                var sums = (reader.GetInt32(1), reader.GetDouble(2), reader.GetInt32(3), reader.GetDouble(4));
                byOffice[reader.GetString(0)] = Figures(sums);
                acknowledged += sums.Item1;
                acknowledgeSeconds += sums.Item2;
                answered += sums.Item3;
                answerSeconds += sums.Item4;
            }
            return new AuthoritySnapshot(definition.Code, definition.Name, definition.Kind, definition.Country, inbox,
                Figures((acknowledged, acknowledgeSeconds, answered, answerSeconds)), byOffice);
        });
    }

    private static Turnaround Figures((int Acknowledged, double AcknowledgeSeconds, int Answered, double AnswerSeconds) sums) => new(
        sums.Acknowledged,
        sums.Acknowledged == 0 ? null : TimeSpan.FromSeconds(sums.AcknowledgeSeconds / sums.Acknowledged),
        sums.Answered,
        sums.Answered == 0 ? null : TimeSpan.FromSeconds(sums.AnswerSeconds / sums.Answered));
}
