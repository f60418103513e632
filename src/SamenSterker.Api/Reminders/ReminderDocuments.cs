using SamenSterker.Cases;
using SamenSterker.Platform;

namespace SamenSterker.Reminders;

public enum ReminderStatus { Planned = 1, Sent, Dropped }

/// <summary>One reminder for one due date of one case: planned, then sent or dropped (with why).</summary>
public sealed class ReminderRecord
{
    public Guid Id { get; set; }
    public Guid CaseId { get; set; }
    public string CaseReference { get; set; } = "";
    public string TeamId { get; set; } = "";
    public ReminderKind Kind { get; set; }
    public DateOnly DueOn { get; set; }
    public DueReason DueReason { get; set; }
    public DateTimeOffset SendAt { get; set; }
    public DateTimeOffset PlannedAt { get; set; }
    /// <summary>The correlation id of the latest event that led to this plan (the request that recorded it): the thread an
    /// operator follows from a request to its events to its reminder (docs/operations.md, "Following one request").</summary>
    public string? PlannedBecauseOf { get; set; }
    public int CheckInsHeldWhenPlanned { get; set; }
    public ReminderStatus Status { get; set; } = ReminderStatus.Planned;
    public DateTimeOffset? SentAt { get; set; }
    public List<string> Recipients { get; set; } = [];
    public DateTimeOffset? DroppedAt { get; set; }
    public string? DropReason { get; set; }

    public void Drop(DateTimeOffset at, string why)
    {
        Status = ReminderStatus.Dropped;
        DroppedAt = at;
        DropReason = why;
    }
}

/// <summary>A reminder in one professional's in-app inbox.</summary>
public sealed class InboxItem
{
    public Guid Id { get; set; }
    public string UserId { get; set; } = "";
    public Guid ReminderId { get; set; }
    public Guid CaseId { get; set; }
    public string CaseReference { get; set; } = "";
    public ReminderKind Kind { get; set; }
    public DateOnly DueOn { get; set; }
    public DateTimeOffset SentAt { get; set; }
    public bool Read { get; set; }
    public DateTimeOffset? ReadAt { get; set; }

    public static Guid IdOf(Guid reminderId, string userId) => NameBasedId.From($"inbox:{reminderId:N}:{userId}");
}

/// <summary>
/// A user's iCalendar feed (calendar apps cannot send a bearer token, so its URL holds a secret). The secret is never
/// stored as it is: its SHA-256 finds the feed, and a copy sealed with the key ring (itself encrypted under
/// DataProtection:KeyRingSecret) lets its owner see the URL again. A copy of the database alone opens no feed.
/// </summary>
public sealed class CalendarFeed
{
    public string Id { get; set; } = "";
    public string TokenHash { get; set; } = "";
    public string SealedToken { get; set; } = "";
    /// <summary>Only in a feed made before its secret was sealed: sealed and emptied at the next start (<see cref="CalendarFeedTokens.SealLegacy"/>).</summary>
    public string? Token { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>Marks an e-mail as sent, so a redelivered message does not send it twice.</summary>
public sealed class EmailDelivery
{
    public Guid Id { get; set; }
    public Guid ReminderId { get; set; }
    public string UserId { get; set; } = "";
    public DateTimeOffset SentAt { get; set; }
}
