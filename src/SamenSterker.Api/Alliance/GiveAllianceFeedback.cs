using FluentValidation;
using SamenSterker.Access;
using SamenSterker.Cases;
using SamenSterker.Platform;

namespace SamenSterker.Alliance;

public sealed record GiveAllianceFeedbackRequest
{
    /// <summary>Defaults to today.</summary>
    public DateOnly? GivenOn { get; init; }
    public FeedbackFrom From { get; init; }
    public string? GoesWell { get; init; }
    public string? CouldBeBetter { get; init; }
    public IReadOnlyList<string> Keywords { get; init; } = [];
}

/// <summary>Werkalliantie-monitor: client or professional says how the collaboration goes.</summary>
public static class GiveAllianceFeedback
{
    public sealed class Validator : AbstractValidator<GiveAllianceFeedbackRequest>
    {
        public Validator()
        {
            RuleFor(x => x.From).IsInEnum().WithMessage(_ => Say.In("'from' must be one of: client, professional.", "Kies van wie het komt: de cliënt of de professional."));
            RuleFor(x => x.GoesWell).Text();
            RuleFor(x => x.CouldBeBetter).Text();
            RuleFor(x => x.Keywords).NotNull().Must(k => k.Count <= 20).WithMessage(_ => Say.In("At most 20 keywords.", "Hoogstens 20 trefwoorden."));
            RuleForEach(x => x.Keywords).RequiredText(50);
            RuleFor(x => x).Must(x => !string.IsNullOrWhiteSpace(x.GoesWell) || !string.IsNullOrWhiteSpace(x.CouldBeBetter) || x.Keywords is { Count: > 0 })
                .WithName("body").WithMessage(_ => Say.In("Say what goes well, what could be better, or give keywords.", "Vul in wat goed gaat of wat beter kan, of geef kernwoorden."));
        }
    }

    public static Decision Decide(GiveAllianceFeedbackRequest request, Case c, DateOnly today, Guid feedbackId)
    {
        var givenOn = request.GivenOn ?? today;
        return CaseDates.CheckHappened("givenOn", givenOn, c, today)
            ?? Decision.Append(new AllianceFeedbackGiven(feedbackId, givenOn, request.From, request.GoesWell, request.CouldBeBetter, request.Keywords));
    }

    public static void Map(RouteGroupBuilder cases) => cases
        .MapPost("/{id:guid}/alliance-feedback", (Guid id, GiveAllianceFeedbackRequest body, CaseWriter writer, CancellationToken ct) =>
        {
            var feedbackId = Guid.CreateVersion7();
            return writer.Write(id, CaseAction.GiveAllianceFeedback, c => Decide(body, c, writer.Today, feedbackId),
                version => new FeedbackGiven(feedbackId, version), StatusCodes.Status201Created, ct: ct);
        })
        .Validate(new Validator())
        .WritesCase<FeedbackGiven>(StatusCodes.Status201Created)
        .RequireAuthorization(Policies.WriteCases)
        .WithName("GiveAllianceFeedback")
        .WithSummary("Werkalliantie-monitor feedback from the client or the professional");
}

/// <summary>Feedback on the collaboration recorded: its id and the case's new version.</summary>
public sealed record FeedbackGiven(Guid FeedbackId, long Version);
