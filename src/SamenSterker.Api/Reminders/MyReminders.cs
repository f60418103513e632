using Marten;
using SamenSterker.Access;
using SamenSterker.Platform;

namespace SamenSterker.Reminders;

public sealed record InboxEntry(Guid ReminderId, Guid CaseId, string CaseReference, ReminderKind Kind, DateOnly DueOn, DateTimeOffset SentAt, bool Read);

public sealed record Inbox(int Unread, IReadOnlyList<InboxEntry> Items);

/// <summary>The caller's in-app inbox of reminders, newest first.</summary>
public static class MyReminders
{
    /// <summary>A user's inbox, newest first (the API's and the web app's Herinneringen page). One round trip.</summary>
    public static async Task<Inbox> Load(IQuerySession session, string user, int limit, CancellationToken ct)
    {
        var batch = session.CreateBatchQuery();
        var unread = batch.Query<InboxItem>().Where(i => i.UserId == user && !i.Read).Count();
        var items = batch.Query<InboxItem>().Where(i => i.UserId == user).OrderByDescending(i => i.SentAt).Take(limit).ToList();
        await batch.Execute(ct);
        return new Inbox((int)await unread, (await items)
            .Select(i => new InboxEntry(i.ReminderId, i.CaseId, i.CaseReference, i.Kind, i.DueOn, i.SentAt, i.Read)).ToList());
    }

    public static void Map(RouteGroupBuilder me)
    {
        me.MapGet("/reminders", async (int? limit, HttpContext http, IQuerySession session, CancellationToken ct) =>
            {
                if (limit is < 1 or > 500) return Problems.Invalid("limit", "'limit' is between 1 and 500.");
                return TypedResults.Ok(await Load(session, http.User.UserId(), limit ?? 100, ct));
            })
            .WithName("MyReminders")
            .WithSummary("My reminders: unread count and the items, newest first")
            .Produces<Inbox>();

        me.MapPost("/reminders/{reminderId:guid}/read", async (Guid reminderId, HttpContext http, IDocumentSession session, TimeProvider time,
                CancellationToken ct) =>
            {
                var item = await session.LoadAsync<InboxItem>(InboxItem.IdOf(reminderId, http.User.UserId()), ct);
                if (item is null) return Problems.NotFound($"There is no reminder {reminderId} in your inbox.");
                if (!item.Read)
                {
                    item.Read = true;
                    item.ReadAt = time.GetUtcNow();
                    session.Store(item);
                    await session.SaveChangesAsync(ct);
                }
                return Results.NoContent();
            })
            .WithName("MarkReminderRead")
            .WithSummary("Mark one of my reminders as read")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }
}

public sealed record ReminderView(Guid ReminderId, ReminderKind Kind, DateOnly DueOn, Cases.DueReason DueReason, ReminderStatus Status,
    DateTimeOffset PlannedAt, DateTimeOffset SendAt, DateTimeOffset? SentAt, IReadOnlyList<string> Recipients, DateTimeOffset? DroppedAt, string? DropReason,
    string? PlannedBecauseOf);

/// <summary>For team leads and auditors: every reminder of a case — planned, sent, dropped — when and to whom.</summary>
public static class CaseReminders
{
    public static void Map(IEndpointRouteBuilder app) => app
        .MapGet("/api/reminders", async (Guid? @case, HttpContext http, IQuerySession session, CancellationToken ct) =>
        {
            if (@case is not { } caseId) return Problems.Invalid("case", "Name the case: ?case=<case id>.");
            var batch = session.CreateBatchQuery();
            var found = batch.Load<Cases.Case>(caseId);
            var records = batch.Query<ReminderRecord>().Where(r => r.CaseId == caseId).OrderBy(r => r.SendAt).ToList();
            await batch.Execute(ct);
            if (await found is not { } c) return Problems.CaseNotFound(caseId);
            var access = Policies.Decide(http.User, c, CaseAction.Read);
            if (access.Outcome != AccessOutcome.Allowed) return Policies.Answer(access, caseId);
            return TypedResults.Ok((await records).Select(r => new ReminderView(r.Id, r.Kind, r.DueOn, r.DueReason, r.Status, r.PlannedAt, r.SendAt,
                r.SentAt, r.Recipients, r.DroppedAt, r.DropReason, r.PlannedBecauseOf)).ToList());
        })
        .RequireAuthorization(Policies.ReadReminderHistory)
        .WithTags("Reminders")
        .WithName("CaseReminders")
        .WithSummary("What was planned, sent and dropped for a case, when, and to whom")
        .Produces<List<ReminderView>>()
        .ProducesProblem(StatusCodes.Status404NotFound);
}
