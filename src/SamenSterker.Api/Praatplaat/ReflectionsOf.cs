using Marten;
using SamenSterker.Access;
using SamenSterker.Cases;
using SamenSterker.Platform;

namespace SamenSterker.Praatplaat;

/// <summary>One reflection as it was held, with whoever recorded it.</summary>
public sealed record ReflectionView(Guid ReflectionId, DateOnly HeldOn, ReflectionSetting Setting, IReadOnlyDictionary<int, string> Answers,
    string NextStep, StepReview? PreviousStep, string? RecordedBy);

/// <summary>The reflections of one place, latest first, and the step still waiting to be looked back on.</summary>
public sealed record Reflections(OpenStep? OpenStep, IReadOnlyList<ReflectionView> Held);

/// <summary>The Praatplaat reflections of a case, of my team or of my own, read from their stream.</summary>
public static class ReflectionsOf
{
    public static async Task<Reflections> Case(Npgsql.NpgsqlDataSource db, IQuerySession session, Case c, CancellationToken ct)
    {
        var facts = await CaseFacts.Of(db, session.DocumentStore.Options.Serializer(), c.Id, [typeof(ReflectionWithFamilyHeld)], ct);
        return new Reflections(c.OpenNetworkStep, facts.Select(f => (Held: (ReflectionWithFamilyHeld)f.Data, f.By)).Reverse()
            .Select(x => new ReflectionView(x.Held.ReflectionId, x.Held.HeldOn, ReflectionSetting.Family, x.Held.Answers, x.Held.NextStep,
                x.Held.PreviousStep, x.By)).ToList());
    }

    public static async Task<Reflections> Log(IQuerySession session, ReflectionSetting setting, string owner, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(ReflectionLog.StreamOf(setting, owner), token: ct);
        var held = events.Select(e => (e.Data as ReflectionHeld, e.UserName)).Where(x => x.Item1 is not null).Reverse()
            .Select(x => new ReflectionView(x.Item1!.ReflectionId, x.Item1.HeldOn, x.Item1.Setting, x.Item1.Answers, x.Item1.NextStep,
                x.Item1.PreviousStep, x.UserName)).ToList();
        var open = held.FirstOrDefault() is { } last ? new OpenStep(last.ReflectionId, last.HeldOn, last.NextStep) : null;
        return new Reflections(open, held);
    }

    public static void MapForCase(RouteGroupBuilder cases) => cases
        .MapGet("/{id:guid}/praatplaat-reflections", (Guid id, HttpContext http, Npgsql.NpgsqlDataSource db, IQuerySession session, CancellationToken ct) =>
            Case(db, session, http.ReadableCase(), ct))
        .WithName("ReflectionsWithFamily")
        .WithSummary("Praatplaat: the case's reflections with the young person or parents, latest first, and the step still open")
        .Produces<Reflections>()
        .ProducesProblem(StatusCodes.Status404NotFound);

    public static void MapForMe(RouteGroupBuilder me) => me
        .MapGet("/praatplaat-reflections", async (string? setting, HttpContext http, IQuerySession session, CancellationToken ct) =>
        {
            if (setting is not (null or "alone" or "colleagues" or "family"))
                return Problems.Invalid("setting", "'setting' is one of: alone, colleagues.");
            var which = setting switch { "colleagues" => ReflectionSetting.Colleagues, "family" => ReflectionSetting.Family, _ => ReflectionSetting.Alone };
            if (which == ReflectionSetting.Family)
                return Problems.Invalid("setting", Say.In("Reflections with a family are read with the client's case.", "Reflecties met een gezin staan bij de cliënt."));
            if (HoldReflection.OwnerOf(http.User, which) is not { } owner)
                return Problems.Invalid("setting", Say.In("Your account belongs to no team.", "Je account hoort niet bij een team."));
            return TypedResults.Ok(await Log(session, which, owner, ct));
        })
        .WithName("MyReflections")
        .WithSummary("Praatplaat: the reflections of your team (setting=colleagues) or your own (setting=alone), latest first, and the step still open")
        .Produces<Reflections>()
        .ProducesValidationProblem();
}

/// <summary>How often and when a team talked the Praatplaat through: with colleagues and with the families of its cases.</summary>
public sealed record TeamReflections(int WithColleagues, DateOnly? LastWithColleagues, int WithFamilies, int FamiliesReached, DateOnly? LastWithFamilies,
    IReadOnlyList<(string Month, int WithColleagues, int WithFamilies)> PerMonth);

public static class TeamReflectionCount
{
    /// <summary>One query: the team's own log and the reflections in the team's cases, from <paramref name="from"/> on.</summary>
    public static async Task<TeamReflections> Of(Npgsql.NpgsqlDataSource db, string team, DateOnly from, CancellationToken ct)
    {
        await using var command = db.CreateCommand($"""
            select e.type, (e.data ->> 'heldOn')::date, e.stream_id from {EventStore.Schema}.mt_events e
            where e.is_archived = false and (
                (e.type = $1 and e.stream_id = $2)
             or (e.type = $3 and e.stream_id in (select id from {EventStore.Schema}.mt_doc_case where data ->> 'teamId' = $4)))
            """);
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = EventStore.EventTypeName(typeof(ReflectionHeld)) });
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = ReflectionLog.StreamOf(ReflectionSetting.Colleagues, team) });
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = EventStore.EventTypeName(typeof(ReflectionWithFamilyHeld)) });
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = team });
        var held = new List<(bool Family, DateOnly On, Guid Stream)>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                held.Add((reader.GetString(0) != EventStore.EventTypeName(typeof(ReflectionHeld)), reader.GetFieldValue<DateOnly>(1), reader.GetGuid(2)));
        var colleagues = held.Where(h => !h.Family).ToList();
        var families = held.Where(h => h.Family).ToList();
        var months = Enumerable.Range(0, 12).Select(i => from.AddMonths(i)).Select(m => m.ToString("yyyy-MM")).ToList();
        return new TeamReflections(colleagues.Count, colleagues.Count > 0 ? colleagues.Max(h => h.On) : null,
            families.Count, families.Select(h => h.Stream).Distinct().Count(), families.Count > 0 ? families.Max(h => h.On) : null,
            months.Select(m => (m, colleagues.Count(h => h.On.ToString("yyyy-MM") == m), families.Count(h => h.On.ToString("yyyy-MM") == m))).ToList());
    }
}
