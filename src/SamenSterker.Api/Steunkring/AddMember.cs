using FluentValidation;
using SamenSterker.Access;
using SamenSterker.Cases;
using SamenSterker.Platform;

namespace SamenSterker.Steunkring;

public sealed record AddMemberRequest
{
    public string Name { get; init; } = null!;
    public MemberRelation Relation { get; init; }
    /// <summary>For professionals: the organisation they work for.</summary>
    public string? Organisation { get; init; }
    /// <summary>Defaults to today.</summary>
    public DateOnly? JoinedOn { get; init; }
    /// <summary>For a professional who uses this service: their user id, so they may record in the case.</summary>
    public string? UserId { get; init; }
}

public sealed record MemberAdded(Guid MemberId, long Version);

/// <summary>A person the client chose joins the steunkring.</summary>
public static class AddMember
{
    public sealed class Validator : AbstractValidator<AddMemberRequest>
    {
        public Validator()
        {
            RuleFor(x => x.Name).RequiredText(Validation.ShortText);
            RuleFor(x => x.Relation).IsInEnum().WithMessage(_ => Say.In("'relation' must be one of: family, friend, neighbour, professional, other.",
                "Kies wie het is voor de cliënt: familie, vriend, buur, professional of iemand anders."));
            RuleFor(x => x.Organisation).Text(Validation.ShortText);
            RuleFor(x => x.UserId).UserId().When(x => x.UserId is not null);
            RuleFor(x => x.UserId).Null().When(x => x.Relation != MemberRelation.Professional)
                .WithMessage(_ => Say.In("Only a professional member has a 'userId'.", "Alleen een professional in de steunkring kan een collega met een account zijn."));
        }
    }

    /// <summary>A steunkring is the people around one client: a few to a few dozen. The cap keeps a runaway client (3,000
    /// members were added in the security review) from making every read of the case heavy.</summary>
    public const int MaxMembers = 100;

    public static Decision Decide(AddMemberRequest request, Case c, DateOnly today, Guid memberId)
    {
        var joinedOn = request.JoinedOn ?? today;
        if (c.Members.Count >= MaxMembers)
            return Decision.Conflict(Say.In($"A steunkring has at most {MaxMembers} members.", $"Een steunkring heeft hoogstens {MaxMembers} leden."));
        return CaseDates.CheckHappened("joinedOn", joinedOn, c, today)
            ?? Decision.Append(new SteunkringMemberAdded(memberId, request.Name, request.Relation, request.Organisation, joinedOn, request.UserId));
    }

    public static void Map(RouteGroupBuilder cases) => cases
        .MapPost("/{id:guid}/steunkring/members", (Guid id, AddMemberRequest body, CaseWriter writer, CancellationToken ct) =>
        {
            var memberId = Guid.CreateVersion7();
            return writer.Write(id, CaseAction.KeepSteunkring, c => Decide(body, c, writer.Today, memberId),
                version => new MemberAdded(memberId, version), StatusCodes.Status201Created, ct: ct);
        })
        .Validate(new Validator())
        .RequireAuthorization(Policies.WriteCases)
        .WithName("AddSteunkringMember")
        .WithSummary("A member chosen by the client joins the steunkring")
        .WritesCase<MemberAdded>(StatusCodes.Status201Created);
}
