using FluentValidation;
using SamenSterker.Access;
using SamenSterker.Cases;
using SamenSterker.Platform;

namespace SamenSterker.Steunkring;

public sealed record PlanAgreementRequest
{
    public string What { get; init; } = null!;
    public string Who { get; init; } = null!;
    public DateOnly? ByWhen { get; init; }
}

public sealed record PlanAgreementReviewRequest
{
    public Guid AgreementId { get; init; }
    public CheckIns.AgreementOutcome Outcome { get; init; }
    public string? Note { get; init; }
}

public sealed record HoldMeetingRequest
{
    /// <summary>The planned meeting that was held (optional: a meeting can be recorded that was never planned here).</summary>
    public Guid? MeetingId { get; init; }
    public DateOnly? HeldOn { get; init; }
    /// <summary>The agenda the client prepared with the procesbegeleider; empty: the planned meeting's prepared agenda.</summary>
    public IReadOnlyList<string> Agenda { get; init; } = [];
    /// <summary>How each agreement of the plan went: every open one is reviewed at the next meeting.</summary>
    public IReadOnlyList<PlanAgreementReviewRequest> Reviews { get; init; } = [];
    /// <summary>The agreements of the plan everyone knows.</summary>
    public IReadOnlyList<PlanAgreementRequest> Agreements { get; init; } = [];
    /// <summary>Member ids of those who attended.</summary>
    public IReadOnlyList<Guid> Attended { get; init; } = [];
    public bool ClientAttended { get; init; } = true;
}

/// <summary>A steunkring meeting was held: the last plan's agreements reviewed, the agenda, the new plan's agreements, who came.</summary>
public static class HoldMeeting
{
    public sealed class Validator : AbstractValidator<HoldMeetingRequest>
    {
        public Validator()
        {
            RuleFor(x => x.HeldOn).RequiredDate();
            RuleFor(x => x.Agenda).NotNull().Must(a => a is null || a.Count <= 50).WithMessage(_ => Say.In("At most 50 agenda items.", "Hoogstens 50 punten op de agenda."));
            RuleForEach(x => x.Agenda).RequiredText(1000);
            RuleFor(x => x.Agreements).NotNull().Must(a => a.Count <= 50).WithMessage(_ => Say.In("At most 50 agreements.", "Hoogstens 50 afspraken."));
            RuleForEach(x => x.Agreements).NotNull().ChildRules(a =>
            {
                a.RuleFor(x => x.What).RequiredText(1000);
                a.RuleFor(x => x.Who).RequiredText(Validation.ShortText);
            });
            RuleFor(x => x.Reviews).NotNull();
            RuleForEach(x => x.Reviews).NotNull().ChildRules(r =>
            {
                r.RuleFor(x => x.AgreementId).NotEmpty();
                r.RuleFor(x => x.Outcome).IsInEnum().WithMessage(_ => Say.In("'outcome' must be one of: achieved, partly, notAchieved.",
                    "Kies hoe het ging: gelukt, deels of niet gelukt."));
                r.RuleFor(x => x.Note).Text();
            });
            RuleFor(x => x.Attended).NotNull();
            RuleForEach(x => x.Attended).NotEmpty();
        }
    }

    public static Decision Decide(HoldMeetingRequest request, Case c, DateOnly today, Guid newMeetingId)
    {
        if (c.Procesbegeleider is null)
            return Decision.Conflict("The steunkring has no procesbegeleider yet; assign one before its first meeting.");

        PlannedMeeting? planned = null;
        if (request.MeetingId is { } plannedId && (planned = c.PlannedMeetings.FirstOrDefault(m => m.MeetingId == plannedId)) is null)
            return Decision.Invalid("meetingId", Say.In($"{plannedId} is not a planned meeting of this steunkring (or it was held already).",
                "Deze bijeenkomst is niet gepland of al vastgelegd."));
        var meetingId = planned?.MeetingId ?? newMeetingId;
        var agenda = request.Agenda.Count > 0 ? request.Agenda : planned?.Agenda ?? [];
        if (agenda.Count == 0)
            return Decision.Invalid("agenda", Say.In("'agenda' needs at least one item (or prepare the planned meeting's agenda first).",
                "Zet minstens één punt op de agenda."));

        var heldOn = request.HeldOn!.Value;
        if (CaseDates.CheckHappened("heldOn", heldOn, c, today) is { } invalid) return invalid;

        var errors = new FieldErrors();
        for (var i = 0; i < request.Attended.Count; i++)
            if (!c.IsActiveMember(request.Attended[i]))
                errors.Add($"attended[{i}]", $"{request.Attended[i]} is not a member of this steunkring.");
        for (var i = 0; i < request.Agreements.Count; i++)
            if (request.Agreements[i].ByWhen is { } byWhen)
                errors.Add($"agreements[{i}].byWhen", CaseDates.WhyNotAfter("byWhen", byWhen, heldOn, "heldOn", today));
        var reviewed = new HashSet<Guid>();
        for (var i = 0; i < request.Reviews.Count; i++)
        {
            var id = request.Reviews[i].AgreementId;
            if (c.OpenPlanAgreements.All(a => a.AgreementId != id)) errors.Add($"reviews[{i}].agreementId", $"{id} is not an open agreement of the plan.");
            else if (!reviewed.Add(id)) errors.Add($"reviews[{i}].agreementId", $"{id} is reviewed twice.");
        }
        if (errors.Any) return Decision.Invalid(errors);

        // As at a check-in: the plan's agreements are discussed first, each one (seed 001: one plan everyone knows).
        var unreviewed = c.OpenPlanAgreements.Where(a => !reviewed.Contains(a.AgreementId)).ToList();
        if (unreviewed.Count > 0)
            return Decision.Conflict(Say.In("Review the plan's agreements first: every open agreement needs a review at this meeting. Not reviewed: "
                    + string.Join(", ", unreviewed.Select(a => a.AgreementId)) + ".",
                "Bespreek eerst de afspraken uit het plan: elke open afspraak krijgt bij deze bijeenkomst een terugblik."));

        var events = new List<object>(request.Reviews.Count + 1);
        events.AddRange(request.Reviews.Select(r => new PlanAgreementReviewed(r.AgreementId, meetingId, r.Outcome, r.Note, heldOn)));
        events.Add(new SteunkringMeetingHeld(meetingId, heldOn, agenda,
            request.Agreements.Select(a => new PlanAgreement(a.What, a.Who, a.ByWhen, Guid.CreateVersion7())).ToList(),
            request.Attended.Distinct().ToList(), request.ClientAttended));
        return Decision.Append(events);
    }

    public static void Map(RouteGroupBuilder cases) => cases
        .MapPost("/{id:guid}/steunkring/meetings", (Guid id, HoldMeetingRequest body, CaseWriter writer, CancellationToken ct) =>
        {
            var meetingId = body.MeetingId ?? Guid.CreateVersion7();
            return writer.Write(id, CaseAction.KeepSteunkring, c => Decide(body, c, writer.Today, meetingId),
                version => new MeetingHeld(meetingId, version), StatusCodes.Status201Created, ct: ct);
        })
        .Validate(new Validator())
        .WritesCase<MeetingHeld>(StatusCodes.Status201Created)
        .RequireAuthorization(Policies.WriteCases)
        .WithName("HoldSteunkringMeeting")
        .WithSummary("Record a steunkring meeting");
}

/// <summary>A steunkring meeting recorded: its id and the case's new version.</summary>
public sealed record MeetingHeld(Guid MeetingId, long Version);
