using FluentValidation;
using SamenSterker.Access;
using SamenSterker.Platform;

namespace SamenSterker.Cases;

public sealed record SetFamilyPlanRequest
{
    public DateOnly? SetOn { get; init; }
    public string Summary { get; init; } = null!;
}

/// <summary>A new family plan (gezinsplan) was set; when the moments say so, a check-in falls due.</summary>
public static class SetFamilyPlan
{
    public sealed class Validator : AbstractValidator<SetFamilyPlanRequest>
    {
        public Validator()
        {
            RuleFor(x => x.SetOn).RequiredDate();
            RuleFor(x => x.Summary).RequiredText();
        }
    }

    public static Decision Decide(SetFamilyPlanRequest request, Case c, DateOnly today, Guid familyPlanId) =>
        CaseDates.CheckHappened("setOn", request.SetOn!.Value, c, today)
        ?? Decision.Append(new FamilyPlanSet(familyPlanId, request.SetOn!.Value, request.Summary));

    public static void Map(RouteGroupBuilder cases) => cases
        .MapPost("/{id:guid}/family-plans", (Guid id, SetFamilyPlanRequest body, CaseWriter writer, CancellationToken ct) =>
        {
            var familyPlanId = Guid.CreateVersion7();
            return writer.Write(id, CaseAction.SetFamilyPlan, c => Decide(body, c, writer.Today, familyPlanId),
                version => new FamilyPlanRecorded(familyPlanId, version), StatusCodes.Status201Created, ct: ct);
        })
        .Validate(new Validator())
        .WritesCase<FamilyPlanRecorded>(StatusCodes.Status201Created)
        .RequireAuthorization(Policies.WriteCases)
        .WithName("SetFamilyPlan")
        .WithSummary("A new family plan was set");
}

/// <summary>A family plan recorded: its id and the case's new version.</summary>
public sealed record FamilyPlanRecorded(Guid FamilyPlanId, long Version);
