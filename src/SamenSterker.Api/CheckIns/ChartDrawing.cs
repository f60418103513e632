using System.Diagnostics.Metrics;
using Microsoft.Extensions.Caching.Memory;

namespace SamenSterker.CheckIns;

/// <summary>
/// Drawing a chart is the costly part of reading it (a busy case's takes most of a second of a core and megabytes of
/// memory), so each chart drawn is kept by what it is drawn from — the case and the tag of its scores, day and shape —
/// and only a few are drawn at once: eight people opening busy cases together wait their turn instead of slowing
/// every other request and taking hundreds of megabytes.
/// </summary>
public sealed class ChartDrawing : IDisposable
{
    /// <summary>At most this many charts are drawn at the same time (half the cores, at least one).</summary>
    public static readonly int AtOnce = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>How long a request waits for its turn before it is answered 503 with Retry-After.</summary>
    public static readonly TimeSpan WaitAtMost = TimeSpan.FromSeconds(10);

    private static readonly Meter Meter = new("SamenSterker.Charts");
    private static readonly Counter<long> DrawnCounter = Meter.CreateCounter<long>("samensterker.charts.drawn", description: "Trend charts drawn (not served from the kept ones)");

    // Kept charts take at most 64 MiB (a string's size is counted as its UTF-16 bytes); one unused for an hour goes.
    private readonly MemoryCache kept = new(new MemoryCacheOptions { SizeLimit = 64L * 1024 * 1024 });
    private readonly SemaphoreSlim turns = new(AtOnce, AtOnce);
    private long drawn;

    /// <summary>How many charts this process has drawn (the rest were served as kept).</summary>
    public long Drawn => Interlocked.Read(ref drawn);

    /// <summary>The chart kept under <paramref name="key"/>, or drawn now in turn; null when no turn came in time.</summary>
    public async Task<string?> Get(string key, Func<string> draw, CancellationToken ct)
    {
        if (kept.TryGetValue(key, out string? svg)) return svg;
        if (!await turns.WaitAsync(WaitAtMost, ct)) return null;
        try
        {
            if (kept.TryGetValue(key, out svg)) return svg; // drawn by whoever had the turn before
            svg = draw();
            Interlocked.Increment(ref drawn);
            DrawnCounter.Add(1);
            kept.Set(key, svg, new MemoryCacheEntryOptions { Size = svg.Length * 2L, SlidingExpiration = TimeSpan.FromHours(1) });
            return svg;
        }
        finally
        {
            turns.Release();
        }
    }

    public void Dispose()
    {
        kept.Dispose();
        turns.Dispose();
    }
}
