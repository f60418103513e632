using FluentValidation;
using SamenSterker.Access;
using SamenSterker.Cases;
using SamenSterker.Platform;

namespace SamenSterker.Steunkring;

public sealed record HoldIntakeRequest
{
    public Guid MemberId { get; init; }
    public DateOnly? HeldOn { get; init; }
    /// <summary>How the member can think along or help.</summary>
    public string? HowTheyCanHelp { get; init; }
    /// <summary>What the member has been through with the client.</summary>
    public string? SharedHistory { get; init; }
}

/// <summary>The procesbegeleider's intake conversation with a member before the first meeting.</summary>
public static class HoldIntake
{
    public sealed class Validator : AbstractValidator<HoldIntakeRequest>
    {
        public Validator()
        {
            RuleFor(x => x.MemberId).NotEmpty();
            RuleFor(x => x.HeldOn).RequiredDate();
            RuleFor(x => x.HowTheyCanHelp).Text()
                // The talk is about these two (seed 001): a talk with nothing said of either is a tap on the wrong button.
                .Must((r, how) => !string.IsNullOrWhiteSpace(how) || !string.IsNullOrWhiteSpace(r.SharedHistory))
                .WithMessage(_ => Say.In("Say what the talk was about: how they can think along or help, or what they went through with the client.",
                    "Schrijf op waar het gesprek over ging: hoe deze persoon kan meedenken of meedoen, of wat die met de cliënt heeft meegemaakt."));
            RuleFor(x => x.SharedHistory).Text();
        }
    }

    public static Decision Decide(HoldIntakeRequest request, Case c, DateOnly today, Guid intakeId)
    {
        if (!c.IsActiveMember(request.MemberId))
            return Decision.Invalid("memberId", $"{request.MemberId} is not a member of this steunkring.");
        return CaseDates.CheckHappened("heldOn", request.HeldOn!.Value, c, today)
            ?? Decision.Append(new SteunkringIntakeHeld(intakeId, request.MemberId, request.HeldOn!.Value, request.HowTheyCanHelp, request.SharedHistory));
    }

    public static void Map(RouteGroupBuilder cases) => cases
        .MapPost("/{id:guid}/steunkring/intakes", (Guid id, HoldIntakeRequest body, CaseWriter writer, CancellationToken ct) =>
        {
            var intakeId = Guid.CreateVersion7();
            return writer.Write(id, CaseAction.KeepSteunkring, c => Decide(body, c, writer.Today, intakeId),
                version => new IntakeHeld(intakeId, version), StatusCodes.Status201Created, ct: ct);
        })
        .Validate(new Validator())
        .WritesCase<IntakeHeld>(StatusCodes.Status201Created)
        .RequireAuthorization(Policies.WriteCases)
        .WithName("HoldSteunkringIntake")
        .WithSummary("Record an intake conversation with a steunkring member");
}

/// <summary>An intake with a steunkring member recorded: its id and the case's new version.</summary>
public sealed record IntakeHeld(Guid IntakeId, long Version);
