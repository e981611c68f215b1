using Coordination.Grains.Interfaces.Ops;

namespace Coordination.Domain.Tests;

/// <summary>Medians and 90th percentiles read from the ops figures' duration histograms.</summary>
public sealed class DurationBucketsTests
{
    private static List<(short Bucket, long Count, double Seconds)> Histogram(params double[] seconds) =>
        [.. seconds.GroupBy(s => DurationBuckets.Of(TimeSpan.FromSeconds(s))).Select(g => (g.Key, (long)g.Count(), g.Sum()))];

    [Fact]
    public void Buckets_grow_by_a_quarter_and_hold_everything_from_under_a_second_to_years()
    {
        Assert.Equal(0, DurationBuckets.Of(TimeSpan.Zero));
        Assert.Equal(0, DurationBuckets.Of(TimeSpan.FromMilliseconds(999)));
        Assert.Equal(0, DurationBuckets.Of(TimeSpan.FromSeconds(-5))); // a clock that went back counts as no time
        Assert.Equal(1, DurationBuckets.Of(TimeSpan.FromSeconds(1)));
        Assert.Equal(2, DurationBuckets.Of(TimeSpan.FromSeconds(1.25)));
        Assert.True(DurationBuckets.Of(TimeSpan.FromHours(2)) < DurationBuckets.Of(TimeSpan.FromHours(2.6)));
        Assert.Equal(DurationBuckets.Last, DurationBuckets.Of(TimeSpan.FromDays(3650)));
    }

    [Fact]
    public void Durations_that_share_a_bucket_give_their_exact_mean()
    {
        var histogram = Histogram(7200, 7200, 7200);

        Assert.Equal(7200, DurationBuckets.Quantile(histogram, 0.5));
        Assert.Equal(7200, DurationBuckets.Quantile(histogram, 0.9));
    }

    [Fact]
    public void The_median_and_90th_percentile_fall_in_the_bucket_of_the_nearest_rank()
    {
        // Ten durations: 1 h nine times and 3 days once; the 90th percentile is the ninth (1 h), not the tenth.
        var histogram = Histogram([.. Enumerable.Repeat(3600.0, 9), 259_200]);

        Assert.Equal(3600, DurationBuckets.Quantile(histogram, 0.5));
        Assert.Equal(3600, DurationBuckets.Quantile(histogram, 0.9));
        Assert.Equal(259_200, DurationBuckets.Quantile(histogram, 1));
    }

    [Fact]
    public void Different_durations_are_read_within_a_bucket_of_the_true_quantile()
    {
        var random = new Random(5);
        var seconds = Enumerable.Range(0, 1000).Select(_ => Math.Exp(random.NextDouble() * 12)).ToArray();
        var sorted = seconds.Order().ToArray();

        foreach (var q in new[] { 0.5, 0.9 })
        {
            var truth = sorted[(int)Math.Ceiling(q * sorted.Length) - 1];
            var read = DurationBuckets.Quantile(Histogram(seconds), q)!.Value;
            Assert.InRange(read, truth / DurationBuckets.Growth, truth * DurationBuckets.Growth);
        }
    }

    [Fact]
    public void An_empty_histogram_has_no_quantile() => Assert.Null(DurationBuckets.Quantile([], 0.5));
}
