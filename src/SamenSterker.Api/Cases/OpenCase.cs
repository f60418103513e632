using FluentValidation;
using SamenSterker.Access;
using SamenSterker.Audit;
using SamenSterker.Platform;

namespace SamenSterker.Cases;

public sealed record CheckInMomentsRequest
{
    /// <summary>Months between check-ins (1–12).</summary>
    public int IntervalMonths { get; init; } = 3;

    /// <summary>Whether a new family plan (gezinsplan) also makes a check-in due.</summary>
    public bool OnNewFamilyPlan { get; init; }

    /// <summary>The agreed date of the next (for a new case: the first) check-in.</summary>
    public DateOnly? FirstOn { get; init; }

    public sealed class Validator : AbstractValidator<CheckInMomentsRequest>
    {
        public Validator() => RuleFor(x => x.IntervalMonths).InclusiveBetween(1, 12);
    }
}

public sealed record OpenCaseRequest
{
    /// <summary>Optional, client-generated id: retrying with the same id cannot open a second case.</summary>
    public Guid? CaseId { get; init; }
    public string ClientReference { get; init; } = null!;
    public string ClientName { get; init; } = null!;
    public CaseKind Kind { get; init; }
    public string TeamId { get; init; } = null!;
    /// <summary>User id of the professional with casusregie; the caller when left out.</summary>
    public string? Casusregie { get; init; }
    /// <summary>Defaults to today (Europe/Amsterdam).</summary>
    public DateOnly? OpenedOn { get; init; }
    public CheckInMomentsRequest CheckInMoments { get; init; } = new();
}

/// <summary>Open a case: the first event of its stream.</summary>
public static class OpenCase
{
    public sealed class Validator : AbstractValidator<OpenCaseRequest>
    {
        public Validator()
        {
            RuleFor(x => x.CaseId).NotEqual(Guid.Empty);
            RuleFor(x => x.ClientReference).NotEmpty().MaximumLength(50)
                .Matches("^[A-Za-z0-9][A-Za-z0-9._/-]*$").WithMessage(_ => Say.In("'clientReference' may hold only letters, digits and . _ / -", "Het dossiernummer mag alleen letters, cijfers en . _ / - bevatten."));
            RuleFor(x => x.ClientName).RequiredText(Validation.ShortText);
            RuleFor(x => x.Kind).IsInEnum().WithMessage(_ => Say.In("'kind' must be one of: adult, child, family.", "Kies de soort hulp: volwassene, kind of gezin."));
            RuleFor(x => x.TeamId).UserId();
            RuleFor(x => x.Casusregie).UserId().When(x => x.Casusregie is not null);
            RuleFor(x => x.CheckInMoments).NotNull().SetValidator(new CheckInMomentsRequest.Validator());
        }
    }

    public static Decision Decide(OpenCaseRequest request, Guid caseId, string caller, DateOnly today)
    {
        var openedOn = request.OpenedOn ?? today;
        var moments = request.CheckInMoments;
        var invalid = CaseDates.CheckHappened("openedOn", openedOn, CaseDates.Earliest, today)
            ?? (moments.FirstOn is { } firstOn ? CaseDates.CheckPlanned("checkInMoments.firstOn", firstOn, openedOn, today) : null);
        if (invalid is not null) return invalid;

        return Decision.Append(new CaseOpened(
            caseId,
            request.ClientReference,
            request.ClientName,
            request.Kind,
            request.TeamId,
            request.Casusregie ?? caller,
            openedOn,
            new CheckInMoments(moments.IntervalMonths, moments.OnNewFamilyPlan, moments.FirstOn)));
    }

    public static void Map(RouteGroupBuilder cases) => cases
        .MapPost("", async (OpenCaseRequest body, CaseWriter writer, HttpContext http, CancellationToken ct) =>
        {
            var access = Policies.DecideOpening(http.User, body.TeamId);
            if (access.Outcome != AccessOutcome.Allowed) return Policies.Answer(access, body.CaseId ?? Guid.Empty);
            var caseId = body.CaseId ?? Guid.CreateVersion7();
            http.LogAccessToCase(caseId); // the URL names no case: the access log still says who opened (or tried to open) this one
            var decision = Decide(body, caseId, writer.UserId, writer.Today);
            return decision.Rejection is { } rejection
                ? rejection.ToProblem()
                : await writer.Open((CaseOpened)decision.Events[0], ct);
        })
        .Validate(new Validator())
        .RequireAuthorization(Policies.OpenCases)
        .WithName("OpenCase")
        .WithSummary("Open a case")
        .Produces<VersionedId>(StatusCodes.Status201Created)
        .ProducesProblem(StatusCodes.Status409Conflict);
}

/// <summary>The answer to opening a case.</summary>
public sealed record VersionedId(Guid Id, long Version);
