namespace Coordination.Grains.Interfaces.Ops;

/// <summary>
/// Durations kept as a histogram whose buckets grow by a quarter each (under a second, then 1-1.25 s,
/// 1.25-1.56 s, ... up to about 200 days), each with its count and the sum of its durations, so
/// that a median or a 90th percentile is read from a few dozen rows, whatever the number of cases,
/// within the width of one bucket (and exactly when a bucket's durations are equal).
/// </summary>
public static class DurationBuckets
{
    /// <summary>Each bucket's upper bound is this times the one before.</summary>
    public const double Growth = 1.25;

    /// <summary>The last bucket holds everything from about 200 days on.</summary>
    public const short Last = 80;

    /// <summary>The bucket a duration falls in: 0 under a second, then 1 + floor(log1.25(seconds)).</summary>
    public static short Of(TimeSpan duration)
    {
        var seconds = duration.TotalSeconds;
        if (!(seconds >= 1))
        {
            return 0;
        }
        return (short)Math.Min(Last, 1 + (int)Math.Floor(Math.Log(seconds) / Math.Log(Growth)));
    }

    /// <summary>
    /// The duration at quantile <paramref name="q"/> (0.5 for the median) of the histogram: the mean
    /// of the bucket in which the rank falls (nearest rank); null for an empty histogram.
    /// </summary>
    public static double? Quantile(IEnumerable<(short Bucket, long Count, double Seconds)> histogram, double q)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(q, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(q, 1);
        var buckets = histogram.Where(b => b.Count > 0).OrderBy(b => b.Bucket).ToList();
        var total = buckets.Sum(b => b.Count);
        if (total == 0)
        {
            return null;
        }
        var rank = Math.Max(1, (long)Math.Ceiling(q * total));
        long seen = 0;
        foreach (var bucket in buckets)
        {
            seen += bucket.Count;
            if (seen >= rank)
            {
                return bucket.Seconds / bucket.Count;
            }
        }
        return buckets[^1].Seconds / buckets[^1].Count;
    }
}
