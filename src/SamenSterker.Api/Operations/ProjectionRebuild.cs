using System.Diagnostics;
using JasperFx.Events.Daemon;
using Marten;
using SamenSterker.Platform;

namespace SamenSterker.Operations;

/// <summary>
/// <c>projections rebuild</c>: throws every projection away and builds it again from the events.
/// The events are the truth; everything else can be rebuilt at any time.
/// </summary>
public static class ProjectionRebuild
{
    public static async Task<TimeSpan> RebuildAll(IProjectionDaemon daemon, TextWriter log, CancellationToken ct)
    {
        var total = Stopwatch.StartNew();
        foreach (var name in EventStore.Projections)
        {
            var one = Stopwatch.StartNew();
            await daemon.RebuildProjectionAsync(name, TimeSpan.FromMinutes(30), ct);
            await log.WriteLineAsync($"  {name,-16} rebuilt in {one.Elapsed.TotalSeconds:0.00} s");
        }
        return total.Elapsed;
    }

    /// <summary>The command: run with the service stopped (or accept that its daemon pauses meanwhile).</summary>
    public static async Task<int> RunCommand(IServiceProvider services)
    {
        var store = services.GetRequiredService<IDocumentStore>();
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var stats = await store.Advanced.FetchEventStoreStatistics();
        Console.WriteLine($"Rebuilding {EventStore.Projections.Length} projections from {stats.EventCount} events in {stats.StreamCount} streams...");
        using var daemon = await store.BuildProjectionDaemonAsync();
        var elapsed = await RebuildAll(daemon, Console.Out, CancellationToken.None);
        Console.WriteLine($"Done in {elapsed.TotalSeconds:0.00} s.");
        return 0;
    }
}
