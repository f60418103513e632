using Alba;
using Microsoft.AspNetCore.Hosting;
using SamenSterker.Tests.Support;
using Shouldly;

namespace SamenSterker.Tests.Platform;

/// <summary>Issue 19, "an operator can see inside": the metrics of ASP.NET Core, Npgsql, Marten and Wolverine at /metrics.</summary>
public sealed class TelemetryTests(AppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task with_prometheus_on_the_metrics_name_each_route_and_the_database_and_nothing_personal()
    {
        await using var host = await AppFixture.AnotherInstance(configure: b => b.UseSetting("Telemetry:Prometheus", "true"));
        var caseId = await host.OpenCase(CaseApi.NewCase("C-7001", openedOn: "2026-09-01"));
        await host.Send(HttpMethod.Get, $"/api/cases/{caseId}", expect: 200);
        await host.Send(HttpMethod.Get, $"/api/cases/{caseId}/trends.svg", expect: 200);

        var metrics = "";
        for (var i = 0; i < 30 && !metrics.Contains("http_server_request_duration_seconds_bucket"); i++)
        {
            await Task.Delay(200);
            metrics = (await host.Send(HttpMethod.Get, "/metrics", token: "", expect: 200)).ReadAsText();
        }
        Console.WriteLine("Metric families: " + string.Join(", ", metrics.Split('\n').Where(l => l.StartsWith("# TYPE ")).Select(l => l.Split(' ')[2])));
        metrics.ShouldContain("http_server_request_duration_seconds_bucket");
        metrics.ShouldContain("http_route=\"/api/cases/{id:guid}\""); // the route's pattern, never the case's id
        metrics.ShouldContain("db_client_");                           // Npgsql: connections and command durations
        metrics.ShouldContain("samensterker_charts_drawn_total");      // our own: charts drawn rather than kept
        metrics.ShouldNotContain(caseId.ToString());
        metrics.ShouldNotContain("Jansen"); // the client's name
    }

    [Fact]
    public async Task without_a_setting_there_is_no_metrics_endpoint()
    {
        await Host.Send(HttpMethod.Get, "/metrics", token: "", expect: 404);
    }
}
