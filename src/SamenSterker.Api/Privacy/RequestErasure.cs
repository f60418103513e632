using FluentValidation;
using JasperFx;
using Marten;
using Npgsql;
using SamenSterker.Access;
using SamenSterker.Cases;
using SamenSterker.Platform;

namespace SamenSterker.Privacy;

public sealed record ErasureRequest
{
    public Guid CaseId { get; init; }
    /// <summary>Why (the request's reference, the legal ground); no personal data.</summary>
    public string Reason { get; init; } = null!;
}

public sealed record ErasureDone(Guid CaseId, DateOnly ErasedOn, long Version);

/// <summary>A capability that keeps something of a case's personal data that the masking of its events does not reach, and
/// forgets it when the case is erased (registered by that capability; the chain's seal is one).</summary>
public interface IErasureStep
{
    Task Erase(Guid caseId, CancellationToken ct);
}

/// <summary>
/// The right to erasure (GDPR art. 17) without breaking the history: the erasure is recorded as an event in
/// the case; Marten masks the personal fields of every event of the case in place (<see cref="PersonalData"/>;
/// sequence, version, time, user and correlation id stay); the case's seal is deleted, so that the chain still
/// verifies everything but the erased fields and no one can test a guess of them; and every read model of the
/// case is built again from the masked events. Repeating the request finishes an erasure that was interrupted.
/// The case must be closed first: an erased case takes no more changes.
/// </summary>
public static class RequestErasure
{
    public sealed class Validator : AbstractValidator<ErasureRequest>
    {
        public Validator()
        {
            RuleFor(x => x.CaseId).NotEmpty();
            RuleFor(x => x.Reason).RequiredText(1000);
        }
    }

    public static Decision Decide(ErasureRequest request, Case c, DateOnly today) =>
        c.ErasedOn is not null ? Decision.Replay
        : !c.Closed ? Decision.Conflict("Close the case before its personal data is erased: an erased case takes no more changes.")
        : Decision.Append(new PersonalDataErased(today, request.Reason));

    /// <summary>Waits (at most 30 s) until every async read model has processed the case's last event.</summary>
    private static async Task ProjectionsPast(NpgsqlDataSource db, Guid caseId, ILogger logger, CancellationToken ct)
    {
        // A shard counts as behind until its progress row shows it past the case's last event; a shard without a row
        // (its daemon has not written a batch yet, e.g. right after a restart) is behind too.
        const string behind = $"""
            select count(*) from unnest($2::text[]) as shard(name)
            where not exists (
              select 1 from {EventStore.Schema}.mt_event_progression p
              where split_part(p.name, ':', 1) = shard.name
                and p.last_seq_id >= (select max(seq_id) from {EventStore.Schema}.mt_events where stream_id = $1))
            """;
        // The async read models, by name (a database may still hold the progress of a projection this version no longer
        // has, the timeline's). The snapshot is inline; the reminder planning keeps no copy of what is erased.
        string[] running = [.. EventStore.Projections.Where(p => p != "Case")];
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using var command = db.CreateCommand(behind);
            command.Parameters.Add(new NpgsqlParameter { Value = caseId });
            command.Parameters.Add(new NpgsqlParameter { Value = running });
            if ((long)(await command.ExecuteScalarAsync(ct))! == 0) return;
            if (DateTime.UtcNow > deadline)
            {
                logger.LogWarning("Erasure of case {CaseId}: the async projections did not reach its last event within 30 s; rebuilding its read models anyway", caseId);
                return;
            }
            await Task.Delay(100, ct); // the daemon runs elsewhere (maybe on another node): its progress table is all there is to watch
        }
    }

    public static void Map(IEndpointRouteBuilder app) => app
        .MapPost("/api/admin/erasure-requests", async (ErasureRequest body, IDocumentSession session, IDocumentStore store, NpgsqlDataSource db,
            HttpContext http, AmsterdamCalendar calendar, TimeProvider time, IServiceProvider services, ILogger<ErasureRequest> logger,
            CancellationToken ct) =>
        {
            // The admin sees no case content: this is the one write an admin makes, outside the professionals' write path.
            var stream = await session.Events.FetchForWriting<Case>(body.CaseId, ct);
            if (stream.Aggregate is not { } c) return Problems.CaseNotFound(body.CaseId);
            var decision = Decide(body, c, calendar.Today);
            if (decision.Rejection is { } rejection) return rejection.ToProblem();

            var version = stream.StartingVersion ?? c.Version;
            if (!decision.AlreadyRecorded)
            {
                session.LastModifiedBy = http.User.UserId();
                session.CorrelationId = Correlation.Id(http);
                stream.AppendMany(decision.Events);
                try
                {
                    await session.SaveChangesAsync(ct);
                }
                catch (Exception e) when (e is ConcurrencyException || e.InnerException is ConcurrencyException)
                {
                    return Problems.Conflict("The case changed at the same moment. Send the erasure request again.");
                }
                version += decision.Events.Count;
            }

            // The async projections may be applying this case's earlier (unmasked) events right now: let them get past the
            // erasure first, or a batch in flight could write the old data back after the rebuild below.
            await ProjectionsPast(db, body.CaseId, logger, ct);

            await store.Advanced.ApplyEventDataMasking(x =>
            {
                x.IncludeStream(body.CaseId);
                x.AddHeader("erased", time.GetUtcNow());
            }, ct);
            // What other capabilities keep of the case's words that masking does not reach (the chain's seal: Audit).
            foreach (var step in services.GetServices<IErasureStep>()) await step.Erase(body.CaseId, ct);

            // The read models hold copies of what was erased: build this case's part of each again from the masked events.
            await store.Advanced.RebuildSingleStreamAsync<Case>(body.CaseId, ct);
            foreach (var reprojection in services.GetServices<ICaseReprojection>().Where(r => r.Projection == EventStore.ReadModels))
                await reprojection.Reproject(services, body.CaseId, ct);

            logger.LogInformation("Personal data of case {CaseId} erased", body.CaseId);
            http.RecordCasesShown([body.CaseId]); // the access log names the case
            return TypedResults.Ok(new ErasureDone(body.CaseId, c.ErasedOn ?? calendar.Today, version));
        })
        .Validate(new Validator())
        .RequireAuthorization(Policies.Operate)
        .WithTags("Privacy")
        .WithName("RequestErasure")
        .WithSummary("Erase a closed case's personal data (GDPR art. 17): recorded as an event, masked in every event, read models rebuilt; the history stays verifiable")
        .Produces<ErasureDone>()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);
}
