using Marten;
using SamenSterker.Alliance;
using SamenSterker.Cases;
using SamenSterker.CheckIns;
using SamenSterker.Steunkring;

namespace SamenSterker.Privacy;

/// <summary>
/// Which fields of which events hold personal data (names, free text typed about the client), and how they are
/// masked when the client's data is erased: in one table, so that the masking (Marten's event data masking) and
/// the hash chain (which proves everything but these fields after an erasure) cannot disagree. A rule must mask
/// only the fields it names: if it touched another, the chain would report the event as changed.
/// </summary>
public static class PersonalData
{
    /// <summary>What an erased text reads.</summary>
    public const string Erased = PersonalDataErased.Mask;

    private static readonly List<(Type Type, string[] Fields, Action<StoreOptions> Register)> Rules = [];

    static PersonalData()
    {
        Rule<CaseOpened>(e => e with { ClientName = Erased }, "clientName");
        Rule<CheckInHeld>(e => e with { Respondents = e.Respondents.Select(r => r with { Label = r.Label is null ? null : Erased }).ToList() }, "label");
        Rule<ScoreGiven>(e => e with { MostSatisfied = Mask(e.MostSatisfied), LeastSatisfied = Mask(e.LeastSatisfied) }, "mostSatisfied", "leastSatisfied");
        Rule<AgreementMade>(e => e with { What = Erased, Who = Erased, HowWeKnow = Erased }, "what", "who", "howWeKnow");
        Rule<AgreementReviewed>(e => e with { Note = Mask(e.Note) }, "note");
        Rule<FamilyPlanSet>(e => e with { Summary = Erased }, "summary");
        Rule<SteunkringMemberAdded>(e => e with { Name = Erased, Organisation = Mask(e.Organisation) }, "name", "organisation");
        Rule<SteunkringMemberLeft>(e => e with { Reason = Mask(e.Reason) }, "reason");
        Rule<SteunkringIntakeHeld>(e => e with { HowTheyCanHelp = Mask(e.HowTheyCanHelp), SharedHistory = Mask(e.SharedHistory) }, "howTheyCanHelp", "sharedHistory");
        Rule<SteunkringMeetingHeld>(e => e with
        {
            Agenda = e.Agenda.Select(_ => Erased).ToList(),
            Agreements = e.Agreements.Select(a => a with { What = Erased, Who = Erased }).ToList(),
        }, "agenda", "what", "who");
        Rule<SteunkringMeetingPlanned>(e => e with { Place = Erased }, "place");
        Rule<SteunkringAgendaPrepared>(e => e with { Items = e.Items.Select(_ => Erased).ToList() }, "items");
        Rule<PlanAgreementReviewed>(e => e with { Note = Mask(e.Note) }, "note");
        Rule<CoreQuestionsAnswered>(e => e with { WatWilIk = Erased, WatKanIk = Erased, WatHebIkNodig = Erased }, "watWilIk", "watKanIk", "watHebIkNodig");
        Rule<AllianceFeedbackGiven>(e => e with { GoesWell = Mask(e.GoesWell), CouldBeBetter = Mask(e.CouldBeBetter), Keywords = e.Keywords.Select(_ => Erased).ToList() },
            "goesWell", "couldBeBetter", "keywords");
        Rule<AllianceDrawingAdded>(e => e with { Caption = Mask(e.Caption) }, "caption");
        Rule<Praatplaat.ReflectionWithFamilyHeld>(e => e with
        {
            Answers = e.Answers.ToDictionary(a => a.Key, _ => Erased),
            NextStep = Erased,
            PreviousStep = e.PreviousStep is null ? null : e.PreviousStep with { Note = Mask(e.PreviousStep.Note) },
        }, "answers", "nextStep", "note");
        Rule<SharedApproachAgreed>(e => e with { Goal = Erased, Approach = Erased }, "goal", "approach");
        Rule<CaseClosed>(e => e with { Reason = Erased }, "reason");
        Rule<ScoreCorrected>(e => e with { MostSatisfied = Mask(e.MostSatisfied), LeastSatisfied = Mask(e.LeastSatisfied), Reason = Erased },
            "mostSatisfied", "leastSatisfied", "reason");
        Rule<CheckInDateCorrected>(e => e with { Reason = Erased }, "reason");
        Rule<AgreementCorrected>(e => e with { What = Erased, Who = Erased, HowWeKnow = Erased, Reason = Erased }, "what", "who", "howWeKnow", "reason");
        Rule<SteunkringMemberCorrected>(e => e with { Name = Erased, Organisation = Mask(e.Organisation), Reason = Erased }, "name", "organisation", "reason");
    }

    private static string? Mask(string? text) => text is null ? null : Erased;

    private static void Rule<T>(Func<T, T> mask, params string[] fields) where T : class =>
        Rules.Add((typeof(T), fields, opts => opts.Events.AddMaskingRuleForProtectedInformation(mask)));

    /// <summary>Registers every masking rule with Marten.</summary>
    public static void Register(StoreOptions opts)
    {
        opts.Events.MetadataConfig.HeadersEnabled = true; // masking marks what it erased with an "erased" header
        foreach (var rule in Rules) rule.Register(opts);
    }

    /// <summary>The event types that hold personal data, with Marten's name for each and the JSON fields that hold it.</summary>
    public static IEnumerable<(string EventType, string[] Fields)> Fields =>
        Rules.Select(r => (System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(r.Type.Name), r.Fields));

    /// <summary>The SQL function the hash chain uses to leave the personal fields out of an event's public digest.</summary>
    public static string PersonalFieldsFunction(string schema) =>
        $"""
        create or replace function {schema}.personal_fields(event_type text) returns text[] language sql immutable as $$
          select case event_type
        {string.Join("\n", Fields.Select(f => $"    when '{f.EventType}' then array[{string.Join(", ", f.Fields.Select(x => $"'{x}'"))}]"))}
            else array[]::text[] end
        $$;
        """;
}
