using System.Globalization;
using SamenSterker.Platform;

using ExistingStreamIdCollisionException = Marten.Exceptions.ExistingStreamIdCollisionException;
using Marten;
using SamenSterker.Access;

namespace SamenSterker.Cases;

/// <summary>
/// The one write path for a case: load the case (one query, from its inline snapshot), decide whether the
/// caller may do this to it (<see cref="Policies.Decide"/>: 404 for another team's case, 403 with why),
/// check the caller's If-Match, refuse writes to a closed case, run the use case's pure decision, append its
/// events and commit (one round trip). Marten's optimistic concurrency on the stream version decides
/// between racing writers; the loser gets 409 (or 412 when it sent If-Match), never a 500.
/// </summary>
public sealed class CaseWriter(IDocumentSession session, IHttpContextAccessor http, AmsterdamCalendar calendar,
    Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, ILogger<CaseWriter> logger) : Validation.IPreconditionFirst
{
    /// <summary>A write to a case with an invalid body and a stale If-Match: 412, as <see cref="Write"/> answers when the body
    /// is valid — for a caller who may read the case (another team's case stays a plain 400, telling nothing).</summary>
    public async Task<IResult?> Stale(HttpContext request)
    {
        if (request.Request.Headers.IfMatch.Count == 0 || !TryReadIfMatch(out var expected) || expected is not { } e) return null;
        if (request.Request.RouteValues["id"] is not string id || !Guid.TryParse(id, out var caseId) || caseId == Guid.Empty) return null;
        var current = await session.LoadAsync<Case>(caseId, request.RequestAborted);
        if (current is null || Policies.Decide(request.User, current, CaseAction.Read).Outcome != AccessOutcome.Allowed) return null;
        return current.Version != e ? Problems.PreconditionFailed(e, current.Version) : null;
    }

    public DateOnly Today => calendar.Today;

    public string UserId => Http.User.UserId();

    private HttpContext Http => http.HttpContext ?? throw new InvalidOperationException("CaseWriter is for HTTP requests.");

    /// <summary>Starts a new case stream.</summary>
    public async Task<IResult> Open(CaseOpened opened, CancellationToken ct)
    {
        IResult? invalidKey = null;
        var key = await Idempotency.Read(Http, r => invalidKey = r);
        if (invalidKey is not null) return invalidKey;
        if (key is { } k && await Idempotency.Find(session, UserId, k.Key, ct) is { } earlier) return Idempotency.Replay(Http, earlier, k.Fingerprint);

        StampSession();
        var location = $"/api/cases/{opened.CaseId}";
        var body = new VersionedId(opened.CaseId, 1);
        if (key is { } storeKey) Idempotency.Store(session, UserId, storeKey, StatusCodes.Status201Created, body, json.Value.SerializerOptions, ETags.For(1), location);
        session.Events.StartStream<Case>(opened.CaseId, opened);
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (key is { } raced && Idempotency.IsKeyTaken(e))
        {
            return await ReplayAfterRace(raced, ct);
        }
        catch (Exception e) when (IsStreamCollision(e))
        {
            return Problems.Conflict($"A case with id {opened.CaseId} already exists.");
        }

        SetETag(1);
        return TypedResults.Created(location, body);
    }

    /// <summary>
    /// Decides and appends. <paramref name="answer"/> builds the response body from the new version;
    /// <paramref name="replayVersion"/> finds the version to answer with when the decision is an
    /// idempotent replay of an earlier command.
    /// </summary>
    public async Task<IResult> Write(
        Guid caseId,
        CaseAction action,
        Func<Case, Decision> decide,
        Func<long, object> answer,
        int successStatus = StatusCodes.Status200OK,
        Func<Case, CancellationToken, Task<long>>? replayVersion = null,
        CancellationToken ct = default,
        string? factRecordedBy = null)
    {
        if (!TryReadIfMatch(out var expected)) return Problems.Invalid("If-Match", "If-Match must be a version in quotes, like \"3\".");
        if (caseId == Guid.Empty) return Problems.CaseNotFound(caseId); // no case has the empty id; Marten would refuse to look
        IResult? invalidKey = null;
        var key = await Idempotency.Read(Http, r => invalidKey = r);
        if (invalidKey is not null) return invalidKey;
        // A retry with its key: the first answer, before anything else (the case has moved on since).
        if (key is { } k && await Idempotency.Find(session, UserId, k.Key, ct) is { } earlier) return Idempotency.Replay(Http, earlier, k.Fingerprint);

        var stream = await session.Events.FetchForWriting<Case>(caseId, ct);
        var current = stream.Aggregate;
        if (current is null) return Problems.CaseNotFound(caseId);
        var access = Policies.DecideChange(Http.User, current, action, factRecordedBy);
        if (access.Outcome != AccessOutcome.Allowed) return Policies.Answer(access, caseId);

        var version = stream.StartingVersion ?? current.Version;

        var decision = decide(current);
        if (decision.AlreadyRecorded)
        {
            // A retry of what was recorded before (e.g. the same check-in): answered as the first time, whatever
            // If-Match says, since the If-Match of a retry names the version before the first attempt.
            var earlierVersion = replayVersion is null ? version : await replayVersion(current, ct);
            SetETag(version);
            return Respond(answer(earlierVersion), successStatus);
        }

        // Preconditions before the request's own rules (RFC 9110 §13.2.2): a sender who saw another version gets 412,
        // not a verdict on a state it never saw.
        if (expected is { } e && e != version) return Problems.PreconditionFailed(e, version);
        if (decision.Rejection is { } rejection) return rejection.ToProblem();

        if (decision.Events.Count == 0)
        {
            SetETag(version);
            return Respond(answer(version), StatusCodes.Status200OK);
        }

        StampSession();
        var newVersion = version + decision.Events.Count;
        var body = answer(newVersion);
        if (key is { } storeKey) Idempotency.Store(session, UserId, storeKey, successStatus, body, json.Value.SerializerOptions, ETags.For(newVersion), null);
        stream.AppendMany(decision.Events);
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception ex) when (key is { } raced && (Idempotency.IsKeyTaken(ex) || IsConcurrencyConflict(ex)))
        {
            // A concurrent retry with the same key may have won: answer what it answered.
            return await ReplayAfterRace(raced, ct, ifNoneStored: ConflictAnswer(expected));
        }
        catch (Exception ex) when (IsConcurrencyConflict(ex))
        {
            logger.LogInformation("Concurrent write to case {CaseId} refused: it was at version {Version} when read, another write came first",
                caseId, version);
            return ConflictAnswer(expected);
        }

        SetETag(newVersion);
        return Respond(body, successStatus);
    }

    private static IResult ConflictAnswer(long? expected) => expected is { } v
        ? Problems.Problem(StatusCodes.Status412PreconditionFailed, "The case has changed",
            $"The case changed after version {v} while this request was handled. Reload the case and try again.")
        : Problems.Conflict("Someone else changed this case at the same moment. Reload the case and try again.");

    private async Task<IResult> ReplayAfterRace((string Key, string Fingerprint) key, CancellationToken ct, IResult? ifNoneStored = null)
    {
        // The failed transaction is rolled back; look again, in a session of its own.
        await using var fresh = session.DocumentStore.QuerySession();
        return await Idempotency.Find(fresh, UserId, key.Key, ct) is { } stored
            ? Idempotency.Replay(Http, stored, key.Fingerprint)
            : ifNoneStored ?? Problems.Conflict("Someone else changed this case at the same moment. Reload the case and try again.");
    }

    private static IResult Respond(object body, int status) =>
        status == StatusCodes.Status201Created ? TypedResults.Json(body, statusCode: 201) : TypedResults.Ok(body);

    private void StampSession()
    {
        // Stored with every event: who did it and under which request.
        session.LastModifiedBy = UserId;
        session.CorrelationId = Correlation.Id(Http);
    }

    private void SetETag(long version) => Http.Response.Headers.ETag = ETags.For(version);

    private bool TryReadIfMatch(out long? expected)
    {
        expected = null;
        var header = Http.Request.Headers.IfMatch;
        if (header.Count == 0) return true;
        var raw = header.ToString().Trim();
        if (raw == "*") return true;
        return ETags.TryParse(raw, out var v) && (expected = v) is not null;
    }

    private static bool IsConcurrencyConflict(Exception e) => MartenLogging.IsExpectedConflict(e);

    private static bool IsStreamCollision(Exception e) =>
        e is ExistingStreamIdCollisionException or JasperFx.Events.ExistingStreamIdCollisionException
        || e.InnerException is ExistingStreamIdCollisionException or JasperFx.Events.ExistingStreamIdCollisionException;
}

/// <summary>The answer to a write: the case's version after it (also in the ETag).</summary>
public sealed record NewVersion(long Version);

public static class ETags
{
    public static string For(long version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>Accepts "3", W/"3" and a bare 3.</summary>
    public static bool TryParse(string raw, out long version)
    {
        var s = raw.StartsWith("W/", StringComparison.Ordinal) ? raw[2..] : raw;
        s = s.Trim('"');
        return long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out version) && version > 0;
    }
}
