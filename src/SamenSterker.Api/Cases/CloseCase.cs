using FluentValidation;
using SamenSterker.Access;
using SamenSterker.Platform;

namespace SamenSterker.Cases;

public sealed record CloseCaseRequest
{
    public DateOnly? ClosedOn { get; init; }
    public string Reason { get; init; } = null!;
}

/// <summary>Close the case. Afterwards every write is refused with 409 (see <see cref="CaseWriter"/>).</summary>
public static class CloseCase
{
    public sealed class Validator : AbstractValidator<CloseCaseRequest>
    {
        public Validator()
        {
            RuleFor(x => x.ClosedOn).RequiredDate();
            RuleFor(x => x.Reason).RequiredText(1000);
        }
    }

    public static Decision Decide(CloseCaseRequest request, Case c, DateOnly today) =>
        CaseDates.CheckHappened("closedOn", request.ClosedOn!.Value, c, today)
        ?? (request.ClosedOn < c.Schedule.LastCheckInOn
            ? Decision.Invalid("closedOn", Say.In($"'closedOn' cannot be before the last check-in ({c.Schedule.LastCheckInOn:yyyy-MM-dd}).",
                $"{Say.Field("closedOn")} kan niet vóór de laatste check-in liggen ({Say.Date(c.Schedule.LastCheckInOn!.Value)})."))
            : Decision.Append(new CaseClosed(request.ClosedOn!.Value, request.Reason)));

    public static void Map(RouteGroupBuilder cases) => cases
        .MapPost("/{id:guid}/close", (Guid id, CloseCaseRequest body, CaseWriter writer, CancellationToken ct) =>
            writer.Write(id, CaseAction.Close, c => Decide(body, c, writer.Today), version => new NewVersion(version), ct: ct))
        .Validate(new Validator())
        .WritesCase<NewVersion>()
        .RequireAuthorization(Policies.WriteCases)
        .WithName("CloseCase")
        .WithSummary("Close the case; it takes no more changes afterwards");
}
