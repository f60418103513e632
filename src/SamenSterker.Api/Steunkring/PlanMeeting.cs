using FluentValidation;
using SamenSterker.Access;
using SamenSterker.Cases;
using SamenSterker.Platform;

namespace SamenSterker.Steunkring;

public sealed record PlanMeetingRequest
{
    public DateOnly? On { get; init; }
    /// <summary>The time of day, "19:30" (optional: a day may be all that is agreed yet).</summary>
    public TimeOnly? At { get; init; }
    /// <summary>Where the client chooses: at home, at a neighbour's, the community centre.</summary>
    public string Place { get; init; } = null!;
}

/// <summary>
/// The group agrees when it meets next (seed 001), at a place the client chooses; planning a planned meeting again
/// moves it. The procesbegeleider gets a reminder before it (Reminders/ReminderPlan.cs), with time to prepare the
/// agenda with the client and to speak with the members not yet spoken with.
/// </summary>
public static class PlanMeeting
{
    /// <summary>More planned meetings than this at once is not planning any more.</summary>
    public const int MaxPlanned = 12;

    public sealed class Validator : AbstractValidator<PlanMeetingRequest>
    {
        public Validator()
        {
            RuleFor(x => x.On).RequiredDate();
            RuleFor(x => x.Place).RequiredText(Validation.ShortText);
        }
    }

    public static Decision Decide(PlanMeetingRequest request, Case c, DateOnly today, Guid meetingId, bool moving)
    {
        if (c.Procesbegeleider is null)
            return Decision.Conflict(Say.In("The steunkring has no procesbegeleider yet; assign one before planning its meetings.",
                "De steunkring heeft nog geen procesbegeleider; wijs die eerst aan."));
        var planned = c.PlannedMeetings.FirstOrDefault(m => m.MeetingId == meetingId);
        if (moving && planned is null)
            return Decision.NotFound(Say.In("No planned meeting with this id (held meetings cannot be moved).",
                "Deze bijeenkomst is niet gepland (of al gehouden)."));
        if (!moving && c.PlannedMeetings.Count >= MaxPlanned)
            return Decision.Conflict(Say.In($"At most {MaxPlanned} meetings can be planned ahead.", $"Hoogstens {MaxPlanned} bijeenkomsten vooruit gepland."));

        var on = request.On!.Value;
        if (on < today)
            return Decision.Invalid("on", Say.In("'on' cannot be in the past: a meeting held is recorded as held.",
                "Een bijeenkomst plan je vandaag of later; een gehouden bijeenkomst leg je vast als gehouden."));
        if (CaseDates.CheckPlanned("on", on, c.OpenedOn, today) is { } invalid) return invalid;
        if (planned is not null && planned.On == on && planned.At == request.At && planned.Place == request.Place) return Decision.Nothing;
        return Decision.Append(new SteunkringMeetingPlanned(meetingId, on, request.At, request.Place.Trim(), planned?.On));
    }

    public static void Map(RouteGroupBuilder cases)
    {
        cases.MapPost("/{id:guid}/steunkring/planned-meetings", (Guid id, PlanMeetingRequest body, CaseWriter writer, CancellationToken ct) =>
            {
                var meetingId = Guid.CreateVersion7();
                return writer.Write(id, CaseAction.KeepSteunkring, c => Decide(body, c, writer.Today, meetingId, moving: false),
                    version => new MeetingPlanned(meetingId, version), StatusCodes.Status201Created, ct: ct);
            })
            .Validate(new Validator())
            .WritesCase<MeetingPlanned>(StatusCodes.Status201Created)
            .RequireAuthorization(Policies.WriteCases)
            .WithName("PlanSteunkringMeeting")
            .WithSummary("Plan the steunkring's next meeting: when, and where the client chooses");

        cases.MapPut("/{id:guid}/steunkring/planned-meetings/{meetingId:guid}", (Guid id, Guid meetingId, PlanMeetingRequest body, CaseWriter writer,
                CancellationToken ct) =>
                writer.Write(id, CaseAction.KeepSteunkring, c => Decide(body, c, writer.Today, meetingId, moving: true),
                    version => new MeetingPlanned(meetingId, version), ct: ct))
            .Validate(new Validator())
            .WritesCase<MeetingPlanned>()
            .RequireAuthorization(Policies.WriteCases)
            .WithName("MoveSteunkringMeeting")
            .WithSummary("Move a planned steunkring meeting (another day, time or place)");
    }
}

/// <summary>A steunkring meeting planned: its id (the meeting is held under it) and the case's new version.</summary>
public sealed record MeetingPlanned(Guid MeetingId, long Version);
