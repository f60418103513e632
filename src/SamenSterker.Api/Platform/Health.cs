using Marten;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SamenSterker.Platform;

/// <summary>Ready when PostgreSQL answers and the event store's tables exist.</summary>
public sealed class DatabaseReady(IDocumentStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            await using var session = store.QuerySession();
            var tables = await session.QueryAsync<int>(
                "select count(*)::int from information_schema.tables where table_schema = ? and table_name in ('mt_events', 'mt_streams')",
                ct, EventStore.Schema);
            return tables.Single() == 2
                ? HealthCheckResult.Healthy("database reachable, schema applied")
                : HealthCheckResult.Unhealthy("database reachable, but the event store schema is missing");
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy("database unreachable: " + e.GetType().Name);
        }
    }
}

/// <summary><c>probe URL</c>: exit 0 when URL answers 2xx. For container health checks (the image has no curl).</summary>
public static class HealthProbe
{
    public static async Task<int> Run(string url)
    {
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
            return (await http.GetAsync(url)).IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return 1;
        }
    }
}
