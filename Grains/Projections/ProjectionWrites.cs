using Npgsql;
using NpgsqlTypes;

namespace Coordination.Grains.Projections;

/// <summary>Helpers to add a projection's statements to its batch: positional parameters, arrays for many rows.</summary>
internal static class ProjectionWrites
{
    /// <summary>Adds a statement whose parameters are, in order, <c>$1</c>, <c>$2</c>...</summary>
    public static void Add(this NpgsqlBatch batch, string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        batch.BatchCommands.Add(command);
    }

    /// <summary>An array parameter made of one value per row.</summary>
    public static NpgsqlParameter Column<TRow, T>(IEnumerable<TRow> rows, NpgsqlDbType type, Func<TRow, T> value) =>
        new() { NpgsqlDbType = NpgsqlDbType.Array | type, Value = rows.Select(value).ToArray() };

    /// <summary>A read in the projection's transaction, before its writes, with one parameter (<c>$1</c>).</summary>
    public static NpgsqlCommand Read(this NpgsqlBatch batch, string sql, object parameter) =>
        new(sql, batch.Connection, batch.Transaction) { Parameters = { new NpgsqlParameter { Value = parameter } } };

    /// <summary>Gives back the places office_admissions holds for these referrals, or for these cases.</summary>
    public static void ReleasePlaces(this NpgsqlBatch batch, string column, IReadOnlyCollection<string> values)
    {
        if (values.Count > 0)
        {
            batch.Add($"DELETE FROM office_admissions WHERE {column} = ANY($1)", new NpgsqlParameter { Value = values.Distinct().ToArray() });
        }
    }
}
