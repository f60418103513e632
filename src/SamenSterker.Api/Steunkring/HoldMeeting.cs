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

public sealed record HoldMeetingRequest
{
    public DateOnly? HeldOn { get; init; }
    /// <summary>The agenda the client prepared with the procesbegeleider.</summary>
    public IReadOnlyList<string> Agenda { get; init; } = [];
    /// <summary>The agreements of the plan everyone knows.</summary>
    public IReadOnlyList<PlanAgreementRequest> Agreements { get; init; } = [];
    /// <summary>Member ids of those who attended.</summary>
    public IReadOnlyList<Guid> Attended { get; init; } = [];
    public bool ClientAttended { get; init; } = true;
}

/// <summary>A steunkring meeting was held: agenda, the plan's agreements, who attended.</summary>
public static class HoldMeeting
{
    public sealed class Validator : AbstractValidator<HoldMeetingRequest>
    {
        public Validator()
        {
            RuleFor(x => x.HeldOn).RequiredDate();
            RuleFor(x => x.Agenda).NotNull().NotEmpty().Must(a => a.Count <= 50).WithMessage(_ => Say.In("At most 50 agenda items.", "Hoogstens 50 punten op de agenda."));
            RuleForEach(x => x.Agenda).RequiredText(1000);
            RuleFor(x => x.Agreements).NotNull().Must(a => a.Count <= 50).WithMessage(_ => Say.In("At most 50 agreements.", "Hoogstens 50 afspraken."));
            RuleForEach(x => x.Agreements).NotNull().ChildRules(a =>
            {
                a.RuleFor(x => x.What).RequiredText(1000);
                a.RuleFor(x => x.Who).RequiredText(Validation.ShortText);
            });
            RuleFor(x => x.Attended).NotNull();
            RuleForEach(x => x.Attended).NotEmpty();
        }
    }

    public static Decision Decide(HoldMeetingRequest request, Case c, DateOnly today, Guid meetingId)
    {
        if (c.Procesbegeleider is null)
            return Decision.Conflict("The steunkring has no procesbegeleider yet; assign one before its first meeting.");

        var heldOn = request.HeldOn!.Value;
        if (CaseDates.CheckHappened("heldOn", heldOn, c, today) is { } invalid) return invalid;

        var errors = new FieldErrors();
        for (var i = 0; i < request.Attended.Count; i++)
            if (!c.IsActiveMember(request.Attended[i]))
                errors.Add($"attended[{i}]", $"{request.Attended[i]} is not a member of this steunkring.");
        for (var i = 0; i < request.Agreements.Count; i++)
            if (request.Agreements[i].ByWhen is { } byWhen)
                errors.Add($"agreements[{i}].byWhen", CaseDates.WhyNotAfter("byWhen", byWhen, heldOn, "heldOn", today));
        if (errors.Any) return Decision.Invalid(errors);

        return Decision.Append(new SteunkringMeetingHeld(meetingId, heldOn, request.Agenda,
            request.Agreements.Select(a => new PlanAgreement(a.What, a.Who, a.ByWhen)).ToList(),
            request.Attended.Distinct().ToList(), request.ClientAttended));
    }

    public static void Map(RouteGroupBuilder cases) => cases
        .MapPost("/{id:guid}/steunkring/meetings", (Guid id, HoldMeetingRequest body, CaseWriter writer, CancellationToken ct) =>
        {
            var meetingId = Guid.CreateVersion7();
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
