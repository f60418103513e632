using FluentValidation;
using SamenSterker.Access;
using SamenSterker.Cases;
using SamenSterker.Platform;

namespace SamenSterker.Steunkring;

public sealed record AnswerCoreQuestionsRequest
{
    /// <summary>Defaults to today.</summary>
    public DateOnly? AnsweredOn { get; init; }
    public string WatWilIk { get; init; } = null!;
    public string WatKanIk { get; init; } = null!;
    public string WatHebIkNodig { get; init; } = null!;
}

/// <summary>The client's own answers to the three core questions everything starts from.</summary>
public static class AnswerCoreQuestions
{
    public sealed class Validator : AbstractValidator<AnswerCoreQuestionsRequest>
    {
        public Validator()
        {
            RuleFor(x => x.WatWilIk).RequiredText();
            RuleFor(x => x.WatKanIk).RequiredText();
            RuleFor(x => x.WatHebIkNodig).RequiredText();
        }
    }

    public static Decision Decide(AnswerCoreQuestionsRequest request, Case c, DateOnly today)
    {
        var answeredOn = request.AnsweredOn ?? today;
        return CaseDates.CheckHappened("answeredOn", answeredOn, c, today)
            ?? Decision.Append(new CoreQuestionsAnswered(answeredOn, request.WatWilIk, request.WatKanIk, request.WatHebIkNodig));
    }

    public static void Map(RouteGroupBuilder cases) => cases
        .MapPost("/{id:guid}/core-questions", (Guid id, AnswerCoreQuestionsRequest body, CaseWriter writer, CancellationToken ct) =>
            writer.Write(id, CaseAction.RecordCoreQuestions, c => Decide(body, c, writer.Today), version => new NewVersion(version), StatusCodes.Status201Created, ct: ct))
        .Validate(new Validator())
        .WritesCase<NewVersion>(StatusCodes.Status201Created)
        .RequireAuthorization(Policies.WriteCases)
        .WithName("AnswerCoreQuestions")
        .WithSummary("The client's answers to Wat wil ik? / Wat kan ik? / Wat heb ik nodig?");
}
