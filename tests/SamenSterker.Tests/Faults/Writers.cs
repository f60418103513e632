using System.Collections.Concurrent;
using Alba;
using SamenSterker.Tests.Support;
using Shouldly;

namespace SamenSterker.Tests.Faults;

/// <summary>
/// Writers that keep adding steunkring members to their cases for a while, as a careful client does: each write
/// carries an Idempotency-Key, and a 503 is retried with the same key (the write may have been committed just as
/// the connection broke: only the retry can tell). What they were answered is kept.
/// </summary>
public sealed class Writers
{
    public ConcurrentBag<int> Statuses { get; } = new();

    /// <summary>Members the service acknowledged (201), by case.</summary>
    public ConcurrentBag<(Guid CaseId, string Name)> Acknowledged { get; } = new();

    /// <summary>Writes whose last answer was a 503 when time ran out: stored or not, nobody knows yet.</summary>
    public ConcurrentBag<(Guid CaseId, string Name)> Unsettled { get; } = new();

    /// <summary>
    /// The guarantee: every acknowledged write is stored, none twice, and nothing is stored that was not sent —
    /// a write still unsettled at the end may or may not be there.
    /// </summary>
    public void ShouldMatch(IReadOnlyCollection<string> stored, Guid caseId)
    {
        var acknowledged = Acknowledged.Where(a => a.CaseId == caseId).Select(a => a.Name).ToHashSet();
        var unsettled = Unsettled.Where(a => a.CaseId == caseId).Select(a => a.Name).ToHashSet();
        stored.Distinct().Count().ShouldBe(stored.Count, "no write is stored twice");
        acknowledged.Except(stored).ShouldBeEmpty("every acknowledged write is stored");
        stored.Except(acknowledged).Except(unsettled).ShouldBeEmpty("nothing is stored that was not acknowledged or still unsettled");
    }

    /// <summary>One writer per entry of <paramref name="cases"/> (a case may appear more than once: they then race).</summary>
    public IReadOnlyList<Task> Run(IAlbaHost host, IReadOnlyList<Guid> cases, TimeSpan duration)
    {
        var stop = DateTime.UtcNow + duration;
        return cases.Select((caseId, w) => Task.Run(async () =>
        {
            for (var i = 0; DateTime.UtcNow < stop; i++)
            {
                var name = $"Lid {w}-{i}";
                var key = $"{caseId:N}-{w}-{i}";
                int status;
                do
                {
                    var answer = await host.Scenario(s =>
                    {
                        s.WithBearerToken(AppFixture.Token());
                        s.WithRequestHeader("Idempotency-Key", key);
                        s.Post.Json(new { name, relation = "friend" }, JsonStyle.MinimalApi).ToUrl($"/api/cases/{caseId}/steunkring/members");
                        s.IgnoreStatusCode();
                    });
                    status = answer.Context.Response.StatusCode;
                    Statuses.Add(status);
                    if (status == 503) await Task.Delay(100); // a client honouring Retry-After, sooner
                } while (status == 503 && DateTime.UtcNow < stop);
                if (status == 201) Acknowledged.Add((caseId, name));
                if (status == 503) Unsettled.Add((caseId, name));
            }
        })).ToList();
    }

    /// <summary>The members the case holds now (waiting for the database to answer again).</summary>
    public static async Task<List<string>> MembersOf(IAlbaHost host, Guid caseId) =>
        (await Wait.Until(() => host.Send(HttpMethod.Get, $"/api/cases/{caseId}"), r => r.Context.Response.StatusCode == 200, seconds: 20))
        .Json().GetProperty("steunkring").GetProperty("members").EnumerateArray().Select(m => m.GetProperty("name").GetString()!).ToList();
}
