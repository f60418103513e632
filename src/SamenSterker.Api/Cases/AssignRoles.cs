using FluentValidation;
using SamenSterker.Access;
using SamenSterker.Platform;

namespace SamenSterker.Cases;

public sealed record AssignRolesRequest
{
    /// <summary>User id of the professional who takes (over) casusregie.</summary>
    public string? Casusregie { get; init; }
    /// <summary>User id of the professional who takes (over) procesregie.</summary>
    public string? Procesregie { get; init; }
}

/// <summary>Assign or hand over casusregie / procesregie (SLIM). Every change is a fact in the history.</summary>
public static class AssignRoles
{
    public sealed class Validator : AbstractValidator<AssignRolesRequest>
    {
        public Validator()
        {
            RuleFor(x => x).Must(x => x.Casusregie is not null || x.Procesregie is not null)
                .WithName("body").WithMessage(_ => Say.In("Name 'casusregie', 'procesregie' or both.", "Kies een collega voor de casusregie, de procesregie of allebei."));
            RuleFor(x => x.Casusregie).UserId().When(x => x.Casusregie is not null);
            RuleFor(x => x.Procesregie).UserId().When(x => x.Procesregie is not null);
        }
    }

    public static Decision Decide(AssignRolesRequest request, Case c)
    {
        var events = new List<object>(2);
        if (request.Casusregie is { } lead && lead != c.Casusregie)
            events.Add(new RoleAssigned(CaseRole.Casusregie, lead, c.Casusregie));
        if (request.Procesregie is { } process && process != c.Procesregie)
            events.Add(new RoleAssigned(CaseRole.Procesregie, process, c.Procesregie));
        return events.Count == 0 ? Decision.Nothing : Decision.Append(events);
    }

    public static void Map(RouteGroupBuilder cases) => cases
        .MapPut("/{id:guid}/roles", (Guid id, AssignRolesRequest body, CaseWriter writer, CancellationToken ct) =>
            writer.Write(id, CaseAction.HandOver, c => Decide(body, c), version => new NewVersion(version), ct: ct))
        .Validate(new Validator())
        .WritesCase<NewVersion>()
        .RequireAuthorization(Policies.WriteCases)
        .WithName("AssignRoles")
        .WithSummary("Assign or hand over casusregie and procesregie");
}
