using Marten;
using Marten.Events.Aggregation;
using SamenSterker.Cases;
using SamenSterker.CheckIns;
using SamenSterker.Platform;

namespace SamenSterker.Agreements;

public sealed class AgreementRecord
{
    public Guid AgreementId { get; set; }
    public Guid CheckInId { get; set; }
    public string What { get; set; } = "";
    public string Who { get; set; } = "";
    public DateOnly ByWhen { get; set; }
    public string HowWeKnow { get; set; } = "";
    public DateOnly MadeOn { get; set; }
    public AgreementOutcome? Outcome { get; set; }
    public string? Note { get; set; }
    public DateOnly? ReviewedOn { get; set; }
    public Guid? ReviewedAtCheckIn { get; set; }
}

/// <summary>Every agreement of a case with its review.</summary>
public sealed class CaseAgreements
{
    public Guid Id { get; set; }
    public List<AgreementRecord> Agreements { get; set; } = [];
}

/// <summary>Async: the agreements page may trail a check-in by a moment.</summary>
public sealed class CaseAgreementsProjection : SingleStreamProjection<CaseAgreements, Guid>
{
    public const string ProjectionName = "CaseAgreements";

    public CaseAgreementsProjection() => Name = ProjectionName;

    public CaseAgreements Create(CaseOpened e) => new() { Id = e.CaseId };

    public void Apply(AgreementMade e, CaseAgreements view) => view.Agreements.Add(new AgreementRecord
    {
        AgreementId = e.AgreementId, CheckInId = e.CheckInId, What = e.What, Who = e.Who, ByWhen = e.ByWhen,
        HowWeKnow = e.HowWeKnow, MadeOn = e.MadeOn,
    });

    /// <summary>What an agreement says is personal: masked here as in the events (Cases.PersonalDataErased).</summary>
    public void Apply(PersonalDataErased e, CaseAgreements view)
    {
        foreach (var agreement in view.Agreements)
        {
            (agreement.What, agreement.Who, agreement.HowWeKnow) = (PersonalDataErased.Mask, PersonalDataErased.Mask, PersonalDataErased.Mask);
            if (agreement.Note is not null) agreement.Note = PersonalDataErased.Mask;
        }
    }

    public void Apply(AgreementCorrected e, CaseAgreements view)
    {
        if (view.Agreements.FirstOrDefault(a => a.AgreementId == e.AgreementId) is not { } agreement) return;
        agreement.What = e.What;
        agreement.Who = e.Who;
        agreement.ByWhen = e.ByWhen;
        agreement.HowWeKnow = e.HowWeKnow;
    }

    /// <summary>An agreement is made, and earlier ones reviewed, on the day of its check-in.</summary>
    public void Apply(CheckInDateCorrected e, CaseAgreements view)
    {
        foreach (var a in view.Agreements)
        {
            if (a.CheckInId == e.CheckInId) a.MadeOn = e.HeldOn;
            if (a.ReviewedAtCheckIn == e.CheckInId) a.ReviewedOn = e.HeldOn;
        }
    }

    public void Apply(AgreementReviewed e, CaseAgreements view)
    {
        var agreement = view.Agreements.FirstOrDefault(a => a.AgreementId == e.AgreementId);
        if (agreement is null) return;
        agreement.Outcome = e.Outcome;
        agreement.Note = e.Note;
        agreement.ReviewedOn = e.ReviewedOn;
        agreement.ReviewedAtCheckIn = e.CheckInId;
    }
}

public sealed record OutcomeRates(int Made, int Open, int Reviewed, int Achieved, int Partly, int NotAchieved,
    double? AchievedShare, double? PartlyShare, double? NotAchievedShare);

public sealed record AgreementView(Guid AgreementId, Guid CheckInId, string What, string Who, DateOnly ByWhen, string HowWeKnow,
    DateOnly MadeOn, bool Open, bool Overdue, AgreementOutcome? Outcome, string? Note, DateOnly? ReviewedOn);

public sealed record AgreementsOverview(Guid CaseId, IReadOnlyList<AgreementView> Agreements, OutcomeRates Rates);

public static class GetAgreements
{
    public static AgreementsOverview Overview(Guid caseId, IReadOnlyList<AgreementRecord> agreements, DateOnly today)
    {
        var open = agreements.Where(a => a.Outcome is null).OrderBy(a => a.ByWhen).ThenBy(a => a.MadeOn);
        var reviewed = agreements.Where(a => a.Outcome is not null).OrderByDescending(a => a.ReviewedOn).ThenByDescending(a => a.MadeOn);
        var views = open.Concat(reviewed).Select(a => new AgreementView(a.AgreementId, a.CheckInId, a.What, a.Who, a.ByWhen, a.HowWeKnow,
            a.MadeOn, a.Outcome is null, a.Outcome is null && a.ByWhen < today, a.Outcome, a.Note, a.ReviewedOn)).ToList();

        var done = agreements.Count(a => a.Outcome is not null);
        int Count(AgreementOutcome o) => agreements.Count(a => a.Outcome == o);
        double? Share(AgreementOutcome o) => done == 0 ? null : Math.Round((double)Count(o) / done, 3);
        var rates = new OutcomeRates(agreements.Count, agreements.Count - done, done,
            Count(AgreementOutcome.Achieved), Count(AgreementOutcome.Partly), Count(AgreementOutcome.NotAchieved),
            Share(AgreementOutcome.Achieved), Share(AgreementOutcome.Partly), Share(AgreementOutcome.NotAchieved));
        return new AgreementsOverview(caseId, views, rates);
    }

    public static void Map(RouteGroupBuilder cases) => cases
        .MapGet("/{id:guid}/agreements", async (Guid id, long? version, DateTimeOffset? asOf, HttpContext http, IQuerySession session,
            AmsterdamCalendar calendar, CancellationToken ct) =>
        {
            if (version is null && asOf is null)
                return TypedResults.Ok(Overview(id, (await session.LoadAsync<CaseAgreements>(id, ct))?.Agreements ?? [], calendar.Today));
            if (PointInTime.Problem(version, asOf) is { } invalid) return invalid;
            var (then, notFound) = await PointInTime.Load<CaseAgreements>(session, id, http.ReadableCase().Version, version, asOf, ct);
            return notFound ?? TypedResults.Ok(Overview(id, then!.Agreements, calendar.Today));
        })
        .WithTags("Agreements")
        .WithName("GetAgreements")
        .WithSummary("All agreements: open ones first by due date, then reviewed ones with outcome and note; outcome rates")
        .Produces<AgreementsOverview>()
        .ProducesProblem(StatusCodes.Status404NotFound);
}
