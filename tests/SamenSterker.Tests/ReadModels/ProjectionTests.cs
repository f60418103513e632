using Marten;
using SamenSterker.Agreements;
using SamenSterker.Caseload;
using SamenSterker.Cases;
using SamenSterker.CheckIns;
using SamenSterker.Tests.Support;
using SamenSterker.Timeline;
using Shouldly;

using Case = SamenSterker.Cases.Case;

namespace SamenSterker.Tests.ReadModels;

/// <summary>The projections from event sequences appended straight to the store (no HTTP).</summary>
public sealed class ProjectionTests(AppFixture app) : ApiTest(app)
{
    private static readonly Guid CheckIn = Guid.NewGuid();
    private static readonly Guid Agreement = Guid.NewGuid();

    private async Task<Guid> Append(params object[] events)
    {
        var caseId = Guid.NewGuid();
        await using var session = App.Store.LightweightSession();
        session.LastModifiedBy = "p-anna";
        var opened = new CaseOpened(caseId, "C-77", "Fam. Yilmaz", CaseKind.Family, "west", "p-anna", new DateOnly(2026, 6, 1),
            new CheckInMoments(2, true, null));
        session.Events.StartStream<Case>(caseId, new object[] { opened }.Concat(events).ToArray());
        await session.SaveChangesAsync();
        await Projected();
        return caseId;
    }

    private static object[] ACheckIn(DateOnly heldOn) =>
    [
        new CheckInHeld(CheckIn, heldOn, ScoreForm.Line,
        [
            new Respondent("vader", RespondentSide.Client, RespondentRole.Parent, "vader", ScoreForm.Line),
            new Respondent("kind", RespondentSide.Client, RespondentRole.Child, "Noor", ScoreForm.Smiley),
            new Respondent("pro", RespondentSide.Professional, RespondentRole.Professional, null, ScoreForm.Line),
        ], "fingerprint"),
        .. Enum.GetValues<Question>().SelectMany(q => new object[]
        {
            new ScoreGiven(CheckIn, "vader", RespondentSide.Client, RespondentRole.Parent, q, ScoreForm.Line, 3.0, null, null, null),
            new ScoreGiven(CheckIn, "kind", RespondentSide.Client, RespondentRole.Child, q, ScoreForm.Smiley, 7.5, 4, null, null),
            new ScoreGiven(CheckIn, "pro", RespondentSide.Professional, RespondentRole.Professional, q, ScoreForm.Line, 8.0, null, null, null),
        }),
        new AgreementMade(Agreement, CheckIn, "Samen koken", "vader", heldOn.AddDays(30), "Twee keer per week", heldOn),
    ];

    [Fact]
    public async Task the_erasure_event_itself_masks_every_read_models_copy_of_a_personal_text()
    {
        // Whatever the daemon is doing when an erasure happens, the batch that applies the erasure event leaves no personal
        // text behind in the read models, even from events it read before their masking (issue 19, finding 9).
        var caseId = await Append([.. ACheckIn(new DateOnly(2026, 9, 1)), new PersonalDataErased(new DateOnly(2026, 11, 23), "AVG")]);

        await using var query = App.Store.QuerySession();
        var scores = await query.LoadAsync<CaseScores>(caseId);
        var agreements = await query.LoadAsync<CaseAgreements>(caseId);
        var summary = await query.LoadAsync<CaseSummary>(caseId);

        scores!.Labels.Values.Where(l => l is not null).ShouldAllBe(l => l == PersonalDataErased.Mask);
        scores.Points.Where(p => p.Label is not null).ShouldAllBe(p => p.Label == PersonalDataErased.Mask);
        scores.Points.Count.ShouldBe(15, "the scores themselves stay");
        agreements!.Agreements.Single().What.ShouldBe(PersonalDataErased.Mask);
        agreements.Agreements.Single().Who.ShouldBe(PersonalDataErased.Mask);
        summary!.ClientName.ShouldBe(PersonalDataErased.Mask);
    }

    [Fact]
    public async Task several_respondents_and_smiley_scores_make_separate_series_with_signals()
    {
        var caseId = await Append(ACheckIn(new DateOnly(2026, 8, 1)));

        await using var session = App.Store.QuerySession();
        var scores = await session.LoadAsync<CaseScores>(caseId);
        var trends = TrendAnalysis.Analyse(caseId, scores!.CheckIns, scores.Points);

        var omgang = trends.Questions.Single(q => q.Question == Question.Omgang);
        omgang.ClientSide.Select(s => (s.Label, s.Points.Single().Value, s.Points.Single().Smiley)).ShouldBe([("vader", 3.0, (int?)null), ("Noor", 7.5, 4)]);
        omgang.Professional.Single().Value.ShouldBe(8.0);
        omgang.Signals.Select(s => (s.Kind, s.RespondentId)).ShouldBe([(SignalKind.Low, "vader"), (SignalKind.Gap, "vader")], ignoreOrder: true);
    }

    [Fact]
    public async Task a_handed_over_and_closed_case_reads_as_such_in_the_summary_and_timeline()
    {
        var caseId = await Append([.. ACheckIn(new DateOnly(2026, 8, 1)),
            new RoleAssigned(CaseRole.Casusregie, "p-bert", "p-anna"),
            new CaseClosed(new DateOnly(2026, 11, 1), "Doelen bereikt")]);

        await using var session = App.Store.QuerySession();
        var summary = (await session.LoadAsync<CaseSummary>(caseId))!;
        summary.Casusregie.ShouldBe("p-bert");
        summary.Closed.ShouldBeTrue();
        summary.NextDueOn.ShouldBeNull();
        summary.OpenAgreements.ShouldBe(1);
        summary.LatestSignals.ShouldNotBeEmpty();

        var timeline = await CaseTimeline.After(Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Npgsql.NpgsqlDataSource>(App.Host.Services), App.Store.Options.Serializer(), caseId, 0, 100, CancellationToken.None);
        timeline.Count.ShouldBe(20);
        timeline.ShouldAllBe(t => t.By == "p-anna");
        timeline[^2].Summary.ShouldBe("Casusregie handed over from p-anna to p-bert");
        timeline[^1].Kind.ShouldBe("caseClosed");
    }

    [Fact]
    public async Task a_reviewed_agreement_carries_its_outcome()
    {
        var caseId = await Append([.. ACheckIn(new DateOnly(2026, 8, 1)),
            new AgreementReviewed(Agreement, Guid.NewGuid(), AgreementOutcome.Partly, "Een keer gelukt", new DateOnly(2026, 10, 1))]);

        await using var session = App.Store.QuerySession();
        var view = (await session.LoadAsync<CaseAgreements>(caseId))!;
        var agreement = view.Agreements.Single();
        agreement.Outcome.ShouldBe(AgreementOutcome.Partly);
        agreement.Note.ShouldBe("Een keer gelukt");
        GetAgreements.Overview(caseId, view.Agreements, AppFixture.Today).Rates.PartlyShare.ShouldBe(1.0);
    }

    [Fact]
    public async Task a_new_family_plan_brings_the_due_date_forward_in_the_summary()
    {
        var caseId = await Append(new FamilyPlanSet(Guid.NewGuid(), new DateOnly(2026, 7, 1), "Plan"));

        await using var session = App.Store.QuerySession();
        var summary = (await session.LoadAsync<CaseSummary>(caseId))!;
        summary.NextDueOn.ShouldBe(new DateOnly(2026, 7, 15));
        summary.NextDueReason.ShouldBe(DueReason.FamilyPlan);
    }
}
