using System.Collections.Concurrent;
using Alba;
using SamenSterker.Tests.Support;

namespace SamenSterker.Tests.Faults;

/// <summary>Writers that keep adding steunkring members to their cases for a while, and what they were answered.</summary>
public sealed class Writers
{
    public ConcurrentBag<int> Statuses { get; } = new();

    /// <summary>Members the service acknowledged (201), by case.</summary>
    public ConcurrentBag<(Guid CaseId, string Name)> Acknowledged { get; } = new();

    /// <summary>One writer per entry of <paramref name="cases"/> (a case may appear more than once: they then race).</summary>
    public IReadOnlyList<Task> Run(IAlbaHost host, IReadOnlyList<Guid> cases, TimeSpan duration)
    {
        var stop = DateTime.UtcNow + duration;
        return cases.Select((caseId, w) => Task.Run(async () =>
        {
            for (var i = 0; DateTime.UtcNow < stop; i++)
            {
                var name = $"Lid {w}-{i}";
                var answer = await host.Send(HttpMethod.Post, $"/api/cases/{caseId}/steunkring/members", new { name, relation = "friend" });
                Statuses.Add(answer.Context.Response.StatusCode);
                if (answer.Context.Response.StatusCode == 201) Acknowledged.Add((caseId, name));
                if (answer.Context.Response.StatusCode == 503) await Task.Delay(100); // a client honouring Retry-After, sooner
            }
        })).ToList();
    }

    /// <summary>The members the case holds now (waiting for the database to answer again).</summary>
    public static async Task<List<string>> MembersOf(IAlbaHost host, Guid caseId) =>
        (await Wait.Until(() => host.Send(HttpMethod.Get, $"/api/cases/{caseId}"), r => r.Context.Response.StatusCode == 200, seconds: 20))
        .Json().GetProperty("steunkring").GetProperty("members").EnumerateArray().Select(m => m.GetProperty("name").GetString()!).ToList();
}
