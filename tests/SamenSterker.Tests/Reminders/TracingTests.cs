using System.Collections.ObjectModel;
using System.Diagnostics;
using Alba;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using SamenSterker.Reminders;
using SamenSterker.Tests.Support;
using Shouldly;
using Xunit.Abstractions;
using static SamenSterker.Tests.Support.ReminderHosts;

namespace SamenSterker.Tests.Reminders;

/// <summary>
/// Issue 19, "an operator can see inside": one check-in followed from its request to its events and its reminder, with
/// the spans an OTLP collector would receive (here kept in memory). docs/operations.md, "Following one request", walks
/// the same path; this test holds that each step of it is there.
/// </summary>
[Collection(ReminderCollection.Name)]
public sealed class TracingTests(ITestOutputHelper output)
{
    private sealed class Spans : Collection<Activity>
    {
        protected override void InsertItem(int index, Activity item)
        {
            lock (this) base.InsertItem(Count, item);
        }

        public List<Activity> Now()
        {
            lock (this) return this.ToList();
        }
    }

    private static string Cut(string? s) => s is null ? "" : s.Length > 90 ? s[..90] + "…" : s;

    [Fact]
    public async Task a_check_in_is_followed_from_its_request_to_its_events_and_the_reminder_it_planned()
    {
        var spans = new Spans();
        // Tracing is on when an OTLP endpoint is configured; nothing listens there, the spans are read from memory.
        await using var host = await Start(new() { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9", ["Telemetry:Prometheus"] = "true" },
            b => b.ConfigureServices(s => s.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans))));
        var anna = NewUser();
        var caseId = await host.OpenCase(anna, firstOn: Today.AddDays(30), openedOn: Today.AddDays(-200));

        // A check-in held 100 days ago: the next one (three months on) is already overdue, so its reminder goes at once.
        var correlation = $"walk-{Guid.NewGuid():N}"[..20];
        await host.Scenario(s =>
        {
            s.WithBearerToken(Token(anna));
            s.WithRequestHeader("X-Correlation-Id", correlation);
            s.Post.Json(CaseApi.CheckIn(heldOn: Today.AddDays(-100).ToString("yyyy-MM-dd")), JsonStyle.MinimalApi).ToUrl($"/api/cases/{caseId}/check-ins");
            s.StatusCodeShouldBe(201);
        });

        // 1. The request's span: its route, its correlation id and case, and below it each round trip to PostgreSQL.
        var request = await Wait.Until(() => Task.FromResult(spans.Now().FirstOrDefault(a => a.Kind == ActivityKind.Server
            && (string?)a.GetTagItem("samensterker.correlation_id") == correlation)), a => a is not null, seconds: 10);
        request!.GetTagItem("http.route").ShouldBe("/api/cases/{id:guid}/check-ins");
        request.GetTagItem("samensterker.case_id").ShouldBe(caseId.ToString());
        var database = spans.Now().Where(a => a.TraceId == request.TraceId && a.Source.Name == "Npgsql").ToList();
        database.ShouldNotBeEmpty();

        // 2. Its events carry the same correlation id (the history shows them).
        var history = await host.Get($"/api/cases/{caseId}/history", anna, role: "auditor");
        var events = history.GetProperty("items").EnumerateArray().Where(e => e.GetProperty("correlationId").GetString() == correlation)
            .Select(e => e.GetProperty("type").GetString()).ToList();
        events.ShouldContain("check_in_held");

        // 3. The reminder it planned names it, and the span that delivered the reminder says which reminder and which request.
        var reminder = await Wait.Until(() => host.Reminders(caseId),
            r => r.Any(x => x.PlannedBecauseOf == correlation && x.Status == ReminderStatus.Sent), seconds: 30);
        var sent = reminder.First(x => x.PlannedBecauseOf == correlation && x.Status == ReminderStatus.Sent);
        // The planning's span is exported when it ends, which can be after the reminder it planned was delivered (a busy machine).
        var planning = (await Wait.Until(() => Task.FromResult(spans.Now().Where(a => a.Source.Name == "SamenSterker" && a.OperationName == "plan reminders"
            && ((string?)a.GetTagItem("samensterker.correlation_id") ?? "").Split(',').Contains(correlation)).ToList()), p => p.Count > 0, seconds: 10)).Single();
        var delivery = await Wait.Until(() => Task.FromResult(spans.Now().FirstOrDefault(a =>
            a.GetTagItem("samensterker.reminder_id") is Guid id && id == sent.Id)), a => a is not null, seconds: 10);
        delivery!.GetTagItem("samensterker.correlation_id").ShouldBe(correlation);
        delivery.GetTagItem("samensterker.case_id").ShouldBe(caseId);
        delivery.Source.Name.ShouldStartWith("Wolverine");
        delivery.TraceId.ShouldBe(planning.TraceId); // the planning sent it: one trace from the plan to the delivery

        // Reminders delivered, as Prometheus counts them (docs/operations.md's table).
        var scrape = (await host.Send(HttpMethod.Get, "/metrics", token: "", expect: 200)).ReadAsText();
        scrape.Split('\n').ShouldContain(l => l.StartsWith("wolverine_messages_succeeded_Messages_total{")
                                              && l.Contains("message_type=\"SamenSterker.Reminders.DeliverReminder\""));
        // What docs/operations.md shows: the request's span tree as a collector would draw it.
        foreach (var a in spans.Now().Where(a => a.TraceId == request.TraceId).OrderBy(a => a.StartTimeUtc))
            output.WriteLine($"{a.Source.Name,-12} {a.DisplayName,-40} {a.Duration.TotalMilliseconds,8:0.0} ms  "
                             + Cut((a.GetTagItem("db.query.text") ?? a.GetTagItem("db.statement"))?.ToString()));
        foreach (var a in spans.Now().Where(a => a.Source.Name == "SamenSterker" || a == delivery))
            output.WriteLine($"{a.Source.Name,-12} {a.DisplayName,-40} {a.Duration.TotalMilliseconds,8:0.0} ms  trace {a.TraceId} parent {a.ParentSpanId}");
        output.WriteLine($"request trace {request.TraceId}");
        output.WriteLine($"delivery: {delivery.Source.Name} {delivery.OperationName} {delivery.Duration.TotalMilliseconds:0.0} ms "
                         + string.Join(' ', delivery.TagObjects.Select(t => $"{t.Key}={t.Value}")));
    }
}
