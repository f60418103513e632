using FluentValidation;
using SamenSterker.Access;
using SamenSterker.Cases;
using SamenSterker.Platform;

namespace SamenSterker.Steunkring;

public sealed record AssignProcesbegeleiderRequest
{
    /// <summary>User id of the fixed process coach.</summary>
    public string Procesbegeleider { get; init; } = null!;
}

/// <summary>The steunkring always has one fixed procesbegeleider; assigning another replaces them.</summary>
public static class AssignProcesbegeleider
{
    public sealed class Validator : AbstractValidator<AssignProcesbegeleiderRequest>
    {
        public Validator() => RuleFor(x => x.Procesbegeleider).UserId();
    }

    public static Decision Decide(AssignProcesbegeleiderRequest request, Case c) =>
        request.Procesbegeleider == c.Procesbegeleider
            ? Decision.Nothing
            : Decision.Append(new ProcesbegeleiderAssigned(request.Procesbegeleider, c.Procesbegeleider));

    public static void Map(RouteGroupBuilder cases) => cases
        .MapPut("/{id:guid}/steunkring/procesbegeleider", (Guid id, AssignProcesbegeleiderRequest body, CaseWriter writer, CancellationToken ct) =>
            writer.Write(id, CaseAction.AssignProcesbegeleider, c => Decide(body, c), version => new NewVersion(version), ct: ct))
        .Validate(new Validator())
        .WritesCase<NewVersion>()
        .RequireAuthorization(Policies.WriteCases)
        .WithName("AssignProcesbegeleider")
        .WithSummary("Assign the steunkring's fixed process coach");
}
