using FluentValidation;
using Marten;
using SamenSterker.Access;
using SamenSterker.Platform;

namespace SamenSterker.Cases;

/// <summary>
/// SLIM (seed 004): the professionals around a client agree one shared goal ("een gezamenlijk doel") and one overarching
/// approach ("een overkoepelende, gezamenlijke interventie-strategie"), led by casusregie. Each change is a new fact.
/// </summary>
public sealed record SharedApproachAgreed(DateOnly AgreedOn, string Goal, string Approach);

public sealed record SharedApproachRequest
{
    public string Goal { get; init; } = null!;
    public string Approach { get; init; } = null!;
    /// <summary>Defaults to today.</summary>
    public DateOnly? AgreedOn { get; init; }
}

/// <summary>One version of the shared goal and approach, and who recorded it.</summary>
public sealed record SharedApproachView(DateOnly AgreedOn, string Goal, string Approach, string? RecordedBy, DateTimeOffset RecordedAt);

public static class AgreeSharedApproach
{
    public sealed class Validator : AbstractValidator<SharedApproachRequest>
    {
        public Validator()
        {
            RuleFor(x => x.Goal).RequiredText(1000);
            RuleFor(x => x.Approach).RequiredText(2000);
        }
    }

    public static Decision Decide(SharedApproachRequest request, Case c, DateOnly today)
    {
        var on = request.AgreedOn ?? today;
        var (goal, approach) = (request.Goal.Trim(), request.Approach.Trim());
        if (c.SharedGoal == goal && c.SharedApproach == approach) return Decision.Nothing; // as it already is
        return CaseDates.CheckHappened("agreedOn", on, c, today) ?? Decision.Append(new SharedApproachAgreed(on, goal, approach));
    }

    public static void Map(RouteGroupBuilder cases)
    {
        cases.MapPut("/{id:guid}/shared-approach", (Guid id, SharedApproachRequest body, CaseWriter writer, CancellationToken ct) =>
                writer.Write(id, CaseAction.SetFamilyPlan, c => Decide(body, c, writer.Today), version => new NewVersion(version), ct: ct))
            .Validate(new Validator())
            .RequireAuthorization(Policies.WriteCases)
            .WithName("AgreeSharedApproach")
            .WithSummary("SLIM: the shared goal and approach of the professionals around the client (casusregie leads; each change is kept)")
            .WritesCase<NewVersion>();

        cases.MapGet("/{id:guid}/shared-approach", async (Guid id, Npgsql.NpgsqlDataSource db, IQuerySession session, CancellationToken ct) =>
                TypedResults.Ok(await History(db, session, id, ct)))
            .WithName("SharedApproachHistory")
            .WithSummary("SLIM: every version of the shared goal and approach, latest first")
            .Produces<List<SharedApproachView>>()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    public static async Task<List<SharedApproachView>> History(Npgsql.NpgsqlDataSource db, IQuerySession session, Guid caseId, CancellationToken ct) =>
        (await CaseFacts.Of(db, session.DocumentStore.Options.Serializer(), caseId, [typeof(SharedApproachAgreed)], ct))
            .Select(f => (Fact: (SharedApproachAgreed)f.Data, f.By, f.At)).Reverse()
            .Select(x => new SharedApproachView(x.Fact.AgreedOn, x.Fact.Goal, x.Fact.Approach, x.By, x.At)).ToList();
}
