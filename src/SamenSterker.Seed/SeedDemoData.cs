using System.Diagnostics;
using System.Text.Json;
using Bogus;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using SamenSterker.Agreements;
using SamenSterker.Audit;
using SamenSterker.Cases;
using SamenSterker.CheckIns;
using SamenSterker.Platform;
using SamenSterker.Steunkring;

namespace SamenSterker.Seed;

/// <summary>What to generate: <c>seed --cases N [--first F] [--seed S] [--writers W] [--batch B]</c>; F numbers on from an earlier run.</summary>
public sealed record SeedOptions(int Cases, int Seed = 2026, int Writers = 3, int CasesPerBatch = 40, int First = 0)
{
    public static SeedOptions? Parse(string[] args)
    {
        int? Get(string name)
        {
            var at = Array.IndexOf(args, name);
            return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], out var v) && v > 0 ? v : null;
        }
        return Get("--cases") is { } cases
            ? new SeedOptions(cases, Get("--seed") ?? 2026, Get("--writers") ?? 3, Get("--batch") ?? 40, Get("--first") ?? 0)
            : null;
    }
}

/// <summary>
/// <c>seed --cases N</c>: fills the database with realistic demo cases for a trial environment or a benchmark.
/// Every case is written the way the API writes it: each step is a request (opening, steunkring members, roles,
/// family plans, check-ins with their reviews and agreement, closing) checked by the use case's own validator and
/// decision function against the case folded so far, and the events those functions return are appended through
/// Marten (so the inline snapshot, the hash chain and every projection see real events). Only the batching differs:
/// a case's whole history is one stream start, and a batch of cases is one transaction.
/// Families with several respondents, children on smileys, hand-overs, reviewed agreements, scores that drift and a
/// few closed cases; ~300 cases a team, ten professionals each. The first team is the README's and the development sign-in
/// page's: <c>noord</c>, with Anna (<c>p-anna</c>) and Bert (<c>p-bert</c>) among its professionals and Tom (<c>t-tom</c>) its lead;
/// then <c>zuid</c>, <c>oost</c>, <c>west</c>, and <c>team-5…</c> with professionals <c>p-5-1…</c>.
/// </summary>
public static class SeedDemoData
{
    public const string Usage = "seed --cases N [--first F] [--seed S] [--writers W] [--batch B]";

    public static async Task<int> RunCommand(IServiceProvider services, string[] args)
    {
        if (SeedOptions.Parse(args) is not { } options)
        {
            Console.Error.WriteLine($"Usage: {Usage}");
            return 2;
        }
        if (services.GetRequiredService<IHostEnvironment>().IsProduction() && !args.Contains("--yes-in-production"))
        {
            Console.Error.WriteLine("Refusing to write demo cases in Production (add --yes-in-production if you really mean it).");
            return 2;
        }
        var store = services.GetRequiredService<IDocumentStore>();
        if (DatabaseSchema.AppliedAtStart(services.GetRequiredService<IConfiguration>()))
        {
            // A single database user: apply the schema first, the chain included (so it links from the first event).
            await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            foreach (var part in services.GetServices<ISchemaPart>()) await part.ApplyAsync(services.GetRequiredService<Npgsql.NpgsqlDataSource>(), CancellationToken.None);
        }
        var json = services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var today = services.GetRequiredService<AmsterdamCalendar>().Today;

        Console.WriteLine($"Seeding {options.Cases} cases with {options.Writers} writers, {options.CasesPerBatch} cases a transaction...");
        var result = await Write(store, options, json, today, Console.Out, CancellationToken.None);
        Console.WriteLine($"Done: {result.Cases} cases, {result.CheckIns} check-ins, {result.Events} events in {result.Elapsed.TotalSeconds:0.0} s " +
                          $"({result.Events / result.Elapsed.TotalSeconds:0} events/s).");
        return 0;
    }

    public sealed record SeedResult(int Cases, long CheckIns, long Events, TimeSpan Elapsed);

    public static async Task<SeedResult> Write(IDocumentStore store, SeedOptions options, JsonSerializerOptions json, DateOnly today,
        TextWriter? progress, CancellationToken ct)
    {
        var batches = (options.Cases + options.CasesPerBatch - 1) / options.CasesPerBatch;
        long events = 0, checkIns = 0, written = 0;
        var clock = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        long reportedEvents = 0;
        var runId = Guid.NewGuid().ToString("N")[..8];
        await Parallel.ForAsync(0, batches, new ParallelOptions { MaxDegreeOfParallelism = options.Writers, CancellationToken = ct },
            async (batch, token) =>
            {
                var generator = new CaseGenerator(json, today);
                await using var session = store.LightweightSession();
                session.LastModifiedBy = "seed";
                session.CorrelationId = $"seed-{runId}-{batch}";
                var first = options.First + batch * options.CasesPerBatch;
                var last = Math.Min(options.First + options.Cases, first + options.CasesPerBatch);
                long batchEvents = 0, batchCheckIns = 0;
                for (var i = first; i < last; i++)
                {
                    var history = generator.Generate(options.Seed, i);
                    session.Events.StartStream<Case>(history.CaseId, history.Events);
                    batchEvents += history.Events.Count;
                    batchCheckIns += history.CheckIns;
                }
                await session.SaveChangesAsync(token);
                Interlocked.Add(ref events, batchEvents);
                Interlocked.Add(ref checkIns, batchCheckIns);
                var done = Interlocked.Add(ref written, last - first);
                if (progress is not null && clock.Elapsed - lastReport > TimeSpan.FromSeconds(10))
                    lock (progress)
                    {
                        // The rate of the last stretch, not the average so far: whether appending slows as the store grows.
                        var (now, e) = (clock.Elapsed, Interlocked.Read(ref events));
                        if (now - lastReport <= TimeSpan.FromSeconds(10)) return;
                        progress.WriteLine($"  {done} cases, {e} events, {(e - reportedEvents) / (now - lastReport).TotalSeconds:0} events/s");
                        (lastReport, reportedEvents) = (now, e);
                    }
            });
        await WriteProfiles(store, options, today, ct);
        return new SeedResult(options.Cases, checkIns, events, clock.Elapsed);
    }

    /// <summary>
    /// The invented professionals and team leads get a profile with a name (as signing in would give them), so pages show
    /// "Anna de Vries" rather than "p-anna" and the roles form offers the team's colleagues. A profile a real sign-in
    /// already wrote is left as it is.
    /// </summary>
    private static async Task WriteProfiles(IDocumentStore store, SeedOptions options, DateOnly today, CancellationToken ct)
    {
        var lastTeam = (options.First + options.Cases - 1) / CaseGenerator.CasesPerTeam + 1;
        var firstTeam = options.First / CaseGenerator.CasesPerTeam + 1;
        var profiles = Enumerable.Range(firstTeam, lastTeam - firstTeam + 1).SelectMany(CaseGenerator.PeopleOf).ToList();
        // The seed itself records every demo fact (as "seed"): the timeline names it in words, never by that id.
        profiles.Add(new Access.UserProfile { Id = "seed", Name = "de demo-gegevens", Roles = [] });
        await using var session = store.LightweightSession();
        var known = (await session.LoadManyAsync<Access.UserProfile>(ct, profiles.Select(p => p.Id).ToArray())).Select(p => p.Id).ToHashSet();
        var seen = new DateTimeOffset(today.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        foreach (var profile in profiles.Where(p => !known.Contains(p.Id)))
        {
            profile.LastSeen = seen;
            session.Store(profile);
        }
        await session.SaveChangesAsync(ct);
    }
}

/// <summary>One case's whole history as the use cases decide it. Deterministic per (seed, case number).</summary>
public sealed class CaseGenerator(JsonSerializerOptions json, DateOnly today)
{
    public sealed record History(Guid CaseId, IReadOnlyList<object> Events, int CheckIns);

    public const int CasesPerTeam = 300;
    private const int ProfessionalsPerTeam = 10;

    /// <summary>The named teams first (so the demo people see the demo data), then numbered ones.</summary>
    private static readonly string[] Teams = ["noord", "zuid", "oost", "west"];

    /// <summary>Team noord's professionals: the people of the README and the development sign-in page first.</summary>
    private static readonly string[] Noord = ["p-anna", "p-bert", "p-carl", "p-dirk", "p-eva", "p-fleur", "p-gijs", "p-hanna", "p-ivo", "p-jet"];

    public static string TeamOf(int team) => team <= Teams.Length ? Teams[team - 1] : $"team-{team}";

    public static string ProfessionalOf(int team, int number) =>
        team == 1 ? Noord[number - 1] : team <= Teams.Length ? $"p-{Teams[team - 1]}-{number}" : $"p-{team}-{number}";

    /// <summary>Names for noord's people as the development sign-in page gives them; the other teams' people get names from a list.</summary>
    private static readonly Dictionary<string, string> NoordNames = new()
    {
        ["p-anna"] = "Anna de Vries", ["p-bert"] = "Bert Jansen", ["p-carl"] = "Carl Visser", ["p-dirk"] = "Dirk Smits",
        ["p-eva"] = "Eva Mulder", ["p-fleur"] = "Fleur de Boer", ["p-gijs"] = "Gijs Bos", ["p-hanna"] = "Hanna Peters",
        ["p-ivo"] = "Ivo Hendriks", ["p-jet"] = "Jet van Dijk", ["t-tom"] = "Tom Bakker",
    };

    private static readonly string[] FirstNames = ["Sanne", "Daan", "Lotte", "Ruben", "Noor", "Joris", "Femke", "Bas", "Iris", "Koen", "Marloes", "Youssef", "Esra", "Thijs"];
    private static readonly string[] Surnames = ["de Jong", "van den Berg", "Vermeulen", "Kok", "Dekker", "Brouwer", "de Graaf", "Willems", "Yilmaz", "Meijer", "Bosman"];

    /// <summary>A team's professionals and its lead (noord's lead is <c>t-tom</c>), each with a name.</summary>
    public static IEnumerable<Access.UserProfile> PeopleOf(int team)
    {
        string NameOf(string id, int n) => NoordNames.TryGetValue(id, out var name) ? name
            : $"{FirstNames[(team * 7 + n) % FirstNames.Length]} {Surnames[(team * 3 + n * 5) % Surnames.Length]}";
        for (var n = 1; n <= ProfessionalsPerTeam; n++)
        {
            var id = ProfessionalOf(team, n);
            yield return new Access.UserProfile { Id = id, Name = NameOf(id, n), Team = TeamOf(team), Roles = [Access.Roles.Professional] };
        }
        var lead = team == 1 ? "t-tom" : $"t-{TeamOf(team)}";
        yield return new Access.UserProfile { Id = lead, Name = NameOf(lead, 0), Team = TeamOf(team), Roles = [Access.Roles.TeamLead] };
    }
    private static readonly Question[] Questions = Enum.GetValues<Question>();
    private readonly Faker _faker = new("nl");
    private readonly OpenCase.Validator _openValidator = new();
    private readonly RecordCheckIn.Validator _checkInValidator = new();
    private readonly AddMember.Validator _memberValidator = new();

    private static readonly (string What, string Who, string HowWeKnow)[] AgreementIdeas =
    [
        ("Elke ochtend samen ontbijten voor school", "moeder", "Op de kalender op de koelkast staat elke dag een vinkje"),
        ("Twee keer per week naar de sportclub", "zoon", "De trainer tekent de presentielijst"),
        ("De brieven van de gemeente samen openen op maandag", "cliënt en buurvrouw", "Geen ongeopende post meer in de la"),
        ("Een afspraak maken met de schuldhulpverlening", "cliënt", "De datum van het eerste gesprek staat in de agenda"),
        ("Om half negen naar bed op schooldagen", "ouders", "Het weekschema laat vier van de vijf avonden op tijd zien"),
        ("Eén keer per week bellen met oma", "dochter", "Oma vertelt bij het volgende gesprek hoe vaak er gebeld is"),
        ("Samen een weekmenu en boodschappenlijst maken", "vader", "Het menu hangt elke zondag op"),
        ("Zelf de huisarts bellen voor de herhaalrecepten", "cliënt", "De apotheek heeft het recept op tijd"),
        ("Het huiswerk om vier uur aan de keukentafel", "kinderen", "De mentor meldt geen gemiste opdrachten"),
        ("Een vrijwilliger van het buurthuis helpt met de tuin", "cliënt en steunkring", "De tuin is voor de zomer op orde"),
    ];

    private static readonly string[] Satisfied = ["Er wordt naar ons geluisterd", "De afspraken zijn duidelijk", "We spreken elkaar vaak genoeg",
        "Het gezinsplan klopt met wat wij willen", "De hulp komt op tijd", "Ik voel me serieus genomen"];
    private static readonly string[] CloseReasons = ["Doelen bereikt", "Verhuisd naar een andere gemeente", "Overgedragen aan specialistische zorg",
        "Cliënt wil geen ondersteuning meer"];

    public History Generate(int seed, int caseNumber)
    {
        // Not HashCode.Combine: it is seeded per process, and the same seed must give the same cases in every run.
        _faker.Random = new Randomizer(unchecked(seed * 1_000_003 + caseNumber));
        var r = _faker.Random;
        var team = caseNumber / CasesPerTeam + 1;
        string Professional() => ProfessionalOf(team, r.Number(1, ProfessionalsPerTeam));

        var kind = r.WeightedRandom([CaseKind.Adult, CaseKind.Child, CaseKind.Family], [0.45f, 0.25f, 0.30f]);
        var interval = r.WeightedRandom([3, 1, 2, 6], [0.75f, 0.05f, 0.1f, 0.1f]);
        // Opened up to 7.5 years ago: with three-monthly check-ins that is ~15 check-ins a case on average.
        var openedOn = today.AddDays(-r.Number(14, 7 * 365 + 182));
        var caseId = Guid.CreateVersion7();
        var events = new List<object>(256);
        var c = Fold(null, Decide(events, OpenCase.Decide(Checked(_openValidator, new OpenCaseRequest
        {
            CaseId = caseId,
            ClientReference = $"SS-{seed}-{caseNumber:D7}",
            ClientName = _faker.Name.FullName(),
            Kind = kind,
            TeamId = TeamOf(team),
            Casusregie = Professional(),
            OpenedOn = openedOn,
            CheckInMoments = new CheckInMomentsRequest { IntervalMonths = interval, OnNewFamilyPlan = kind == CaseKind.Family },
        }), caseId, "seed", today)));

        // The steunkring: the people the client chose, in the first months.
        var members = r.Number(0, 5);
        for (var m = 0; m < members; m++)
        {
            var relation = r.WeightedRandom([MemberRelation.Family, MemberRelation.Friend, MemberRelation.Neighbour, MemberRelation.Professional],
                [0.45f, 0.25f, 0.15f, 0.15f]);
            c = Apply(c, events, AddMember.Decide(Checked(_memberValidator, new AddMemberRequest
            {
                Name = _faker.Name.FirstName(),
                Relation = relation,
                Organisation = relation == MemberRelation.Professional ? _faker.Company.CompanyName() : null,
                JoinedOn = Min(openedOn.AddDays(r.Number(0, 90)), today),
            }), c, today, Guid.CreateVersion7()));
        }
        if (kind == CaseKind.Family)
        {
            c = Apply(c, events, AssignRoles.Decide(new AssignRolesRequest { Procesregie = Professional() }, c));
            c = Apply(c, events, SetFamilyPlan.Decide(new SetFamilyPlanRequest
            {
                SetOn = Min(openedOn.AddDays(r.Number(7, 40)), today), Summary = "Gezinsplan: rust in huis, school en werk",
            }, c, today, Guid.CreateVersion7()));
        }

        var respondents = Respondents(kind, c.ClientName);
        // Each respondent starts somewhere on each question and drifts, mostly upwards; the professional a bit higher.
        var level = respondents.ToDictionary(x => x.RespondentId,
            x => Questions.ToDictionary(q => q, _ => r.Double(3, 8) + (x.Side == RespondentSide.Professional ? 0.5 : 0)));
        var closeAfter = r.Bool(0.08f) ? r.Number(2, 12) : int.MaxValue;
        var handOverAt = r.Bool(0.15f) ? r.Number(2, 20) : -1;
        var held = 0;
        for (var on = openedOn.AddMonths(interval).AddDays(r.Number(-10, 10)); on < today; on = on.AddMonths(interval).AddDays(r.Number(-10, 14)))
        {
            if (on <= c.Schedule.LastCheckInOn || r.Bool(0.08f)) continue; // a missed moment
            if (held == handOverAt)
                c = Apply(c, events, AssignRoles.Decide(new AssignRolesRequest { Casusregie = Professional() }, c));
            var request = CheckIn(c, respondents, level, on);
            c = Apply(c, events, RecordCheckIn.Decide(Checked(_checkInValidator, request), c, today,
                RecordCheckIn.Fingerprint(request, json), Guid.CreateVersion7()));
            held++;
            if (held >= closeAfter)
            {
                c = Apply(c, events, CloseCase.Decide(new CloseCaseRequest { ClosedOn = Min(on.AddDays(r.Number(1, 30)), today), Reason = r.ArrayElement(CloseReasons) },
                    c, today));
                break;
            }
        }
        return new History(caseId, events, held);
    }

    private RecordCheckInRequest CheckIn(Case c, IReadOnlyList<RespondentRequest> respondents,
        Dictionary<string, Dictionary<Question, double>> level, DateOnly on)
    {
        var r = _faker.Random;
        var scores = new List<ScoreRequest>(respondents.Count * Questions.Length);
        foreach (var who in respondents)
            foreach (var q in Questions)
            {
                var value = level[who.RespondentId][q] = Math.Clamp(level[who.RespondentId][q] + r.Double(-0.8, 1.1), 0, 10);
                scores.Add(who.Form == ScoreForm.Smiley
                    ? new ScoreRequest { RespondentId = who.RespondentId, Question = q, Smiley = (int)Math.Round(value / 2.5) + 1 }
                    : new ScoreRequest
                    {
                        RespondentId = who.RespondentId, Question = q, Value = Math.Round(value, 1),
                        MostSatisfied = r.Bool(0.1f) ? r.ArrayElement(Satisfied) : null,
                    });
            }
        var idea = r.ArrayElement(AgreementIdeas);
        // Last time's people answer again as themselves, as the check-in page offers them.
        var people = c.LastRespondents.Where(x => x.PersonId is not null).ToDictionary(x => x.RespondentId, x => x.PersonId);
        return new RecordCheckInRequest
        {
            CheckInId = Guid.CreateVersion7(),
            HeldOn = on,
            Respondents = respondents.Select(x => people.TryGetValue(x.RespondentId, out var person) ? x with { PersonId = person } : x).ToList(),
            Scores = scores,
            Reviews = c.OpenAgreements.Select(a => new ReviewRequest
            {
                AgreementId = a.AgreementId,
                Outcome = r.WeightedRandom([AgreementOutcome.Achieved, AgreementOutcome.Partly, AgreementOutcome.NotAchieved], [0.5f, 0.3f, 0.2f]),
            }).ToList(),
            Agreement = new AgreementRequest { What = idea.What, Who = idea.Who, HowWeKnow = idea.HowWeKnow, ByWhen = on.AddDays(r.Number(14, 80)) },
        };
    }

    private IReadOnlyList<RespondentRequest> Respondents(CaseKind kind, string clientName)
    {
        // The client answers under their own first name: a child's check-in is the client's, never another child's.
        var firstName = clientName.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        var r = _faker.Random;
        var list = new List<RespondentRequest>();
        RespondentRequest Person(string id, RespondentRole role, string? label, ScoreForm form = ScoreForm.Line) =>
            new() { RespondentId = id, Side = RespondentSide.Client, Role = role, Label = label, Form = form };
        switch (kind)
        {
            case CaseKind.Adult:
                list.Add(Person("client", RespondentRole.Client, firstName));
                break;
            case CaseKind.Child:
                list.Add(Person("kind", RespondentRole.Child, firstName, r.Bool(0.6f) ? ScoreForm.Smiley : ScoreForm.Line));
                list.Add(Person("ouder", RespondentRole.Parent, r.Bool() ? "moeder" : "vader"));
                break;
            default:
                list.Add(Person("moeder", RespondentRole.Parent, "moeder"));
                if (r.Bool(0.6f)) list.Add(Person("vader", RespondentRole.Parent, "vader"));
                for (var k = r.Number(0, 2); k > 0; k--)
                    list.Add(Person($"kind-{k}", RespondentRole.Child, _faker.Name.FirstName(), ScoreForm.Smiley));
                break;
        }
        list.Add(new RespondentRequest { RespondentId = "professional", Side = RespondentSide.Professional, Role = RespondentRole.Professional });
        return list;
    }

    private static T Checked<T>(IValidator<T> validator, T request)
    {
        validator.ValidateAndThrow(request);
        return request;
    }

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    private static IReadOnlyList<object> Decide(List<object> events, Decision decision)
    {
        if (decision.Rejection is { } no)
            throw new InvalidOperationException($"The generator asked for something the service refuses: {no.Detail} {JsonSerializer.Serialize(no.Errors)}");
        events.AddRange(decision.Events);
        return decision.Events;
    }

    private static Case Apply(Case c, List<object> events, Decision decision) =>
        Decide(events, decision).Aggregate(c, (state, e) => Fold(state, [e]));

    /// <summary>The case after these events, as Marten's snapshot folds them (only the kinds the generator writes).</summary>
    private static Case Fold(Case? c, IReadOnlyList<object> events) => events.Aggregate(c!, (state, e) => e switch
    {
        CaseOpened x => Case.Create(x),
        SteunkringMemberAdded x => state.Apply(x),
        RoleAssigned x => state.Apply(x),
        FamilyPlanSet x => state.Apply(x),
        CheckInHeld x => state.Apply(x),
        AgreementReviewed x => state.Apply(x),
        AgreementMade x => state.Apply(x),
        CaseClosed x => state.Apply(x),
        ScoreGiven => state, // scores do not change the case
        _ => throw new InvalidOperationException($"The generator wrote a {e.GetType().Name}, which this fold does not know: add it here."),
    });
}
