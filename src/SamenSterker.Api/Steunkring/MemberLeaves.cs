using FluentValidation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using SamenSterker.Cases;
using SamenSterker.Infrastructure;

namespace SamenSterker.Steunkring;

public sealed record MemberLeavesRequest
{
    public string? Reason { get; init; }
    /// <summary>Defaults to today.</summary>
    public DateOnly? LeftOn { get; init; }
}

/// <summary>A member leaves the steunkring (the body, with a reason, is optional).</summary>
public static class MemberLeaves
{
    public sealed class Validator : AbstractValidator<MemberLeavesRequest>
    {
        public Validator() => RuleFor(x => x.Reason).Text(1000);
    }

    public static Decision Decide(Guid memberId, MemberLeavesRequest request, Case c, DateOnly today)
    {
        if (c.FormerMemberIds.Contains(memberId)) return Decision.Conflict($"Member {memberId} has already left the steunkring.");
        var member = c.Members.FirstOrDefault(m => m.MemberId == memberId);
        if (member is null) return Decision.NotFound($"There is no member {memberId} in this steunkring.");

        var leftOn = request.LeftOn ?? today;
        if (leftOn > today) return Decision.Invalid("leftOn", "'leftOn' cannot be in the future.");
        if (leftOn < member.JoinedOn) return Decision.Invalid("leftOn", $"'leftOn' cannot be before the member joined ({member.JoinedOn:yyyy-MM-dd}).");
        return Decision.Append(new SteunkringMemberLeft(memberId, leftOn, request.Reason));
    }

    public static void Map(RouteGroupBuilder cases) => cases
        .MapDelete("/{id:guid}/steunkring/members/{memberId:guid}",
            (Guid id, Guid memberId, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] MemberLeavesRequest? body,
                CaseWriter writer, CancellationToken ct) =>
            writer.Write(id, c => Decide(memberId, body ?? new MemberLeavesRequest(), c, writer.Today), version => new { version }, ct: ct))
        .Validate(new Validator())
        .RequireAuthorization(Policies.WriteCases)
        .WithName("SteunkringMemberLeaves")
        .WithSummary("A member leaves the steunkring");
}
