using SamenSterker.CheckIns;

namespace SamenSterker.Cases;

public sealed record OpenAgreement(Guid AgreementId, string What, string Who, DateOnly ByWhen, string HowWeKnow, DateOnly MadeOn);

/// <summary>The agreements' part of the case: the agreements still to be reviewed at the next check-in.</summary>
public sealed partial record Case
{
    public IReadOnlyList<OpenAgreement> OpenAgreements { get; init; } = [];

    public Case Apply(AgreementMade e) => this with
    {
        OpenAgreements = [.. OpenAgreements, new OpenAgreement(e.AgreementId, e.What, e.Who, e.ByWhen, e.HowWeKnow, e.MadeOn)],
    };

    public Case Apply(AgreementReviewed e) => this with
    {
        OpenAgreements = OpenAgreements.Where(a => a.AgreementId != e.AgreementId).ToList(),
    };

    public Case Apply(AgreementCorrected e) => this with
    {
        OpenAgreements = OpenAgreements.Select(a => a.AgreementId == e.AgreementId
            ? a with { What = e.What, Who = e.Who, ByWhen = e.ByWhen, HowWeKnow = e.HowWeKnow } : a).ToList(),
    };
}
