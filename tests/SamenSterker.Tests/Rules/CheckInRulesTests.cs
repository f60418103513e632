using SamenSterker.Agreements;
using SamenSterker.Cases;
using SamenSterker.CheckIns;
using SamenSterker.Platform;
using Shouldly;

using Case = SamenSterker.Cases.Case;

namespace SamenSterker.Tests.Rules;

/// <summary>The check-in rules on the aggregate: pure functions, no database.</summary>
public sealed class CheckInRulesTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    private static Case OpenedCase() => Case.Create(new CaseOpened(Guid.NewGuid(), "C-1", "Fam. Jansen", CaseKind.Family, "noord", "p-anna",
        new DateOnly(2026, 9, 1), new CheckInMoments(3, true, null)));

    private static RecordCheckInRequest Request(DateOnly? heldOn = null, IEnumerable<ScoreRequest>? scores = null,
        IReadOnlyList<ReviewRequest>? reviews = null, Guid? checkInId = null) => new()
    {
        CheckInId = checkInId ?? Guid.NewGuid(),
        HeldOn = heldOn ?? new DateOnly(2026, 11, 20),
        Form = ScoreForm.Line,
        Respondents =
        [
            new RespondentRequest { RespondentId = "moeder", Side = RespondentSide.Client, Role = RespondentRole.Parent },
            new RespondentRequest { RespondentId = "pro", Side = RespondentSide.Professional, Role = RespondentRole.Professional },
        ],
        Scores = (scores ?? Enum.GetValues<Question>().SelectMany(q => new[]
        {
            new ScoreRequest { RespondentId = "moeder", Question = q, Value = 8.0 },
            new ScoreRequest { RespondentId = "pro", Question = q, Value = 6.5 },
        })).ToList(),
        Reviews = reviews ?? [],
        Agreement = new AgreementRequest { What = "Bellen", Who = "Anna", ByWhen = new DateOnly(2027, 1, 15), HowWeKnow = "Moeder zegt het" },
    };

    private static Decision Decide(RecordCheckInRequest request, Case c, string fingerprint = "f1") =>
        RecordCheckIn.Decide(request, c, Today, fingerprint, Guid.NewGuid());

    private static Case Fold(Case c, Decision d) => d.Events.Aggregate(c, (state, e) => e switch
    {
        CheckInHeld x => state.Apply(x),
        AgreementReviewed x => state.Apply(x),
        AgreementMade x => state.Apply(x),
        _ => state,
    });

    [Fact]
    public void a_valid_check_in_gives_held_then_scores_then_the_agreement()
    {
        var d = Decide(Request(), OpenedCase());

        d.Rejection.ShouldBeNull();
        d.Events[0].ShouldBeOfType<CheckInHeld>();
        d.Events.Skip(1).Take(10).ShouldAllBe(e => e is ScoreGiven);
        d.Events[^1].ShouldBeOfType<AgreementMade>().MadeOn.ShouldBe(new DateOnly(2026, 11, 20));
    }

    [Fact]
    public void every_respondent_scores_all_five_questions()
    {
        var scores = Request().Scores.Where(s => !(s.RespondentId == "moeder" && s.Question == Question.Contact));

        var d = Decide(Request(scores: scores), OpenedCase());

        d.Rejection!.Kind.ShouldBe(RejectionKind.Invalid);
        d.Rejection.Errors!["scores"].ShouldContain(m => m.Contains("'moeder' has no score for 'contact'"));
    }

    [Fact]
    public void the_client_side_scores_before_the_professional()
    {
        var scores = Request().Scores.OrderBy(s => s.RespondentId == "moeder"); // professional first everywhere

        var d = Decide(Request(scores: scores), OpenedCase());

        d.Rejection!.Errors!.Keys.ShouldContain("scores[5]");
    }

    [Fact]
    public void no_open_agreement_is_left_unreviewed()
    {
        var c = Fold(OpenedCase(), Decide(Request(heldOn: new DateOnly(2026, 10, 1)), OpenedCase()));

        var d = Decide(Request(), c);

        d.Rejection!.Kind.ShouldBe(RejectionKind.Conflict);
    }

    [Fact]
    public void a_reviewed_agreement_is_closed_and_the_new_one_opened()
    {
        var c = Fold(OpenedCase(), Decide(Request(heldOn: new DateOnly(2026, 10, 1)), OpenedCase()));
        var previous = c.OpenAgreements.Single().AgreementId;

        var next = Fold(c, Decide(Request(reviews: [new ReviewRequest { AgreementId = previous, Outcome = AgreementOutcome.Partly }]), c));

        next.OpenAgreements.Single().AgreementId.ShouldNotBe(previous);
    }

    [Fact]
    public void held_on_may_not_be_in_the_future_nor_before_the_case_was_opened()
    {
        Decide(Request(heldOn: Today.AddDays(1)), OpenedCase()).Rejection!.Errors!.Keys.ShouldContain("heldOn");
        Decide(Request(heldOn: new DateOnly(2026, 8, 31)), OpenedCase()).Rejection!.Errors!.Keys.ShouldContain("heldOn");
        Decide(Request(heldOn: Today), OpenedCase()).Rejection.ShouldBeNull();
    }

    [Fact]
    public void by_when_must_come_after_held_on()
    {
        var request = Request() with { Agreement = new AgreementRequest { What = "x", Who = "y", ByWhen = new DateOnly(2026, 11, 20), HowWeKnow = "z" } };

        Decide(request, OpenedCase()).Rejection!.Errors!.Keys.ShouldContain("agreement.byWhen");
    }

    [Fact]
    public void a_repeated_check_in_id_is_a_replay_with_the_same_body_and_a_conflict_with_another()
    {
        var request = Request();
        var c = Fold(OpenedCase(), Decide(request, OpenedCase(), "same"));

        Decide(request, c, "same").AlreadyRecorded.ShouldBeTrue();
        Decide(request, c, "other").Rejection!.Kind.ShouldBe(RejectionKind.Conflict);
    }

    [Theory]
    [InlineData(1, 0.0)]
    [InlineData(2, 2.5)]
    [InlineData(3, 5.0)]
    [InlineData(4, 7.5)]
    [InlineData(5, 10.0)]
    public void a_smiley_face_maps_onto_the_line(int smiley, double value) => RecordCheckIn.SmileyOnLine(smiley).ShouldBe(value);
}
