using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using SamenSterker.Platform;

namespace SamenSterker.Access;

public static class Roles
{
    public const string Professional = "professional";
    public const string TeamLead = "teamlead";
    public const string Auditor = "auditor";
    public const string Analyst = "analyst";
    public const string Admin = "admin";

    public static readonly string[] All = [Professional, TeamLead, Auditor, Analyst, Admin];
}

/// <summary>What a request does to a case, as far as access is concerned: one value per kind of change.</summary>
public enum CaseAction
{
    /// <summary>Read what the case holds: the case, its timeline, trends, agreements, history.</summary>
    Read = 1,
    /// <summary>Record a check-in conversation (scores, the agreement, the review of the previous one).</summary>
    RecordCheckIn,
    /// <summary>Agree the check-in moments with the client.</summary>
    AgreeCheckInMoments,
    /// <summary>Record a new family plan (gezinsplan).</summary>
    SetFamilyPlan,
    /// <summary>Keep the steunkring: members joining and leaving, intakes, meetings.</summary>
    KeepSteunkring,
    /// <summary>Assign (or change) the steunkring's procesbegeleider.</summary>
    AssignProcesbegeleider,
    /// <summary>Record the client's core questions (wat wil ik, wat kan ik, wat heb ik nodig).</summary>
    RecordCoreQuestions,
    /// <summary>Give feedback in the werkalliantie-monitor.</summary>
    GiveAllianceFeedback,
    /// <summary>Hand over casusregie or procesregie.</summary>
    HandOver,
    /// <summary>Close the case.</summary>
    Close,
    /// <summary>Correct a fact recorded wrongly (with a new event).</summary>
    Correct,
}

/// <summary>What access needs to know of a case: its team, who holds which role, and whether it still takes changes.
/// The case (<c>Cases.Case</c>) is one; Access needs nothing else of it.</summary>
public interface ICaseAccessFacts
{
    string TeamId { get; }
    string Casusregie { get; }
    string? Procesregie { get; }
    string? Procesbegeleider { get; }
    bool HasProfessionalMember(string userId);
    bool Closed { get; }
    DateOnly? ClosedOn { get; }
    DateOnly? ErasedOn { get; }
}

/// <summary>Who a user is in one case: the roles that give rights there.</summary>
[Flags]
public enum RoleInCase
{
    None = 0,
    Casusregie = 1,
    Procesregie = 2,
    Procesbegeleider = 4,
    /// <summary>A professional member of the steunkring, known by their user id.</summary>
    SteunkringProfessional = 8,
    /// <summary>The lead of the case's team.</summary>
    TeamLead = 16,
    /// <summary>Whoever recorded the fact a correction is about.</summary>
    Recorder = 32,
}

public enum AccessOutcome { Allowed = 1, Forbidden, Hidden, Closed }

/// <summary>Forbidden answers 403 with why; Hidden answers 404, exactly as for a case that does not exist; Closed answers 409
/// (the case takes no more changes).</summary>
public sealed record AccessDecision(AccessOutcome Outcome, string? Why = null)
{
    public static readonly AccessDecision Allowed = new(AccessOutcome.Allowed);
    public static readonly AccessDecision Hidden = new(AccessOutcome.Hidden);
    public static AccessDecision Forbidden(string why) => new(AccessOutcome.Forbidden, why);
    public static AccessDecision Closed(string why) => new(AccessOutcome.Closed, why);
}

/// <summary>
/// Who may do what: the whole policy, in one place.
/// <list type="table">
/// <item>professional — reads the cases of their own team; records where they hold a role in the case
/// (casusregie, procesregie, procesbegeleider, or a professional member of its steunkring); opens cases
/// for their own team; their own reminders.</item>
/// <item>teamlead — reads every case of their team; hands over casusregie and procesregie; closes a case; corrects
/// (also on a closed case);
/// the team dashboard and the team's reminder history.</item>
/// <item>auditor — reads every case, its history and the access log; never writes.</item>
/// <item>analyst — nothing through the case API; SQL on the analytics schema.</item>
/// <item>admin — operating the service (set-aside work, erasure requests); no case content.</item>
/// </list>
/// A case of another team is hidden: 404, as if it did not exist, on every resource. The role-level rules
/// are ASP.NET Core policies (checked before anything is loaded); the case-level rules are
/// <see cref="Decide"/>, called by the read filter and by <see cref="CaseWriter"/>.
/// </summary>
public static class Policies
{
    /// <summary>Read case content: professionals, team leads, auditors.</summary>
    public const string ReadCases = "cases:read";

    /// <summary>Change cases (each change is then decided per case): professionals and team leads.</summary>
    public const string WriteCases = "cases:write";

    /// <summary>Open a case: professionals.</summary>
    public const string OpenCases = "cases:open";

    /// <summary>The reminder history of a case: team leads and auditors.</summary>
    public const string ReadReminderHistory = "reminders:history";

    /// <summary>One's own reminders, inbox and calendar feed: the professionals and team leads who get reminders.</summary>
    public const string OwnReminders = "reminders:own";

    /// <summary>A team's dashboard: team leads (of that team; checked by <see cref="MayLeadTeam"/>).</summary>
    public const string LeadTeams = "teams:lead";

    /// <summary>The access log (NEN 7513): auditors.</summary>
    public const string ReadAccessLog = "audit:access-log";

    /// <summary>Operating the service: set-aside work, erasure requests. No case content.</summary>
    public const string Operate = "operate";

    public static void Add(AuthorizationOptions options)
    {
        void Policy(string name, params string[] roles) =>
            options.AddPolicy(name, p => p.RequireAuthenticatedUser().RequireClaim("sub").RequireRole(roles));

        Policy(ReadCases, Roles.Professional, Roles.TeamLead, Roles.Auditor);
        Policy(WriteCases, Roles.Professional, Roles.TeamLead);
        Policy(OpenCases, Roles.Professional);
        Policy(ReadReminderHistory, Roles.TeamLead, Roles.Auditor);
        Policy(OwnReminders, Roles.Professional, Roles.TeamLead);
        Policy(LeadTeams, Roles.TeamLead);
        Policy(Operate, Roles.Admin);
        Policy(ReadAccessLog, Roles.Auditor);
    }

    public static string? Team(this ClaimsPrincipal user) => user.FindFirstValue("team") is { Length: > 0 } team ? team : null;

    /// <summary>Whether the user sees the cases of every team (auditors) rather than those of their own team.</summary>
    public static bool SeesAllTeams(ClaimsPrincipal user) => user.IsInRole(Roles.Auditor);

    /// <summary>May the user see cases of <paramref name="teamId"/>?</summary>
    public static bool SeesTeam(ClaimsPrincipal user, string teamId) =>
        SeesAllTeams(user) || ((user.IsInRole(Roles.Professional) || user.IsInRole(Roles.TeamLead)) && user.Team() == teamId);

    /// <summary>A team's dashboard: that team's own lead.</summary>
    public static bool MayLeadTeam(ClaimsPrincipal user, string teamId) => user.IsInRole(Roles.TeamLead) && user.Team() == teamId;

    /// <summary>
    /// Per action, the roles in the case that may do it: the one table the API's write path and the pages ask.
    /// Casusregie leads the collaboration (SLIM) and may do everything in the case, also hand over and close; a
    /// team lead hands over, assigns the procesbegeleider, closes and corrects but records nothing of the
    /// conversations; the procesbegeleider keeps the steunkring; a professional in the steunkring takes part
    /// in check-ins and the werkalliantie-monitor, and changes nobody's role.
    /// </summary>
    public static readonly IReadOnlyDictionary<CaseAction, RoleInCase> MayDo = new Dictionary<CaseAction, RoleInCase>
    {
        [CaseAction.RecordCheckIn] = RoleInCase.Casusregie | RoleInCase.Procesregie | RoleInCase.Procesbegeleider | RoleInCase.SteunkringProfessional,
        [CaseAction.AgreeCheckInMoments] = RoleInCase.Casusregie | RoleInCase.Procesregie,
        [CaseAction.SetFamilyPlan] = RoleInCase.Casusregie | RoleInCase.Procesregie,
        [CaseAction.KeepSteunkring] = RoleInCase.Casusregie | RoleInCase.Procesbegeleider,
        [CaseAction.AssignProcesbegeleider] = RoleInCase.Casusregie | RoleInCase.TeamLead,
        [CaseAction.RecordCoreQuestions] = RoleInCase.Casusregie | RoleInCase.Procesbegeleider,
        [CaseAction.GiveAllianceFeedback] = RoleInCase.Casusregie | RoleInCase.Procesregie | RoleInCase.Procesbegeleider | RoleInCase.SteunkringProfessional,
        [CaseAction.HandOver] = RoleInCase.Casusregie | RoleInCase.TeamLead,
        [CaseAction.Close] = RoleInCase.Casusregie | RoleInCase.TeamLead,
        [CaseAction.Correct] = RoleInCase.Casusregie | RoleInCase.TeamLead | RoleInCase.Recorder,
    };

    /// <summary>
    /// The case-level rule: may <paramref name="user"/> do <paramref name="action"/> to case <paramref name="c"/>?
    /// <paramref name="factRecordedBy"/> is, for a correction, who recorded the fact being corrected.
    /// </summary>
    public static AccessDecision Decide(ClaimsPrincipal user, ICaseAccessFacts c, CaseAction action, string? factRecordedBy = null)
    {
        if (!SeesTeam(user, c.TeamId)) return AccessDecision.Hidden;
        if (action == CaseAction.Read) return AccessDecision.Allowed;

        var held = RolesIn(user, c, factRecordedBy);
        if ((held & MayDo[action]) != RoleInCase.None) return AccessDecision.Allowed;

        if (held == RoleInCase.None && user.IsInRole(Roles.Professional))
            return AccessDecision.Forbidden(Say.In(
                "You hold no role in this case (casusregie, procesregie, procesbegeleider or a professional member of its steunkring), "
                + "so you may read it but not change it. Ask your team lead to give you a role.",
                "Je hebt geen rol in deze casus (casusregie, procesregie, procesbegeleider of professional in de steunkring): je mag hem lezen, "
                + "niet wijzigen. Vraag je teamleider om je een rol te geven."));
        if (held == RoleInCase.TeamLead)
            return AccessDecision.Forbidden(Say.In(
                "A team lead hands over casusregie and procesregie, closes cases and corrects mistakes, and assigns the procesbegeleider; "
                + "what happens in the case is recorded by the professionals who hold a role in it.",
                "Een teamleider draagt casusregie en procesregie over, sluit casussen af, herstelt fouten en wijst de procesbegeleider aan; "
                + "wat er in de casus gebeurt, leggen de professionals met een rol in de casus vast."));
        if (held == RoleInCase.None)
            return AccessDecision.Forbidden(Say.In("Your role may read this case but not change it.", "Met jouw rol mag je deze casus lezen, niet wijzigen."));
        return AccessDecision.Forbidden(Say.In(
            $"{Describe(action).English} is for {Names(MayDo[action], english: true)} of this case; you are {Names(held, english: true)}.",
            $"{Describe(action).Dutch} is voor {Names(MayDo[action], english: false)} van deze casus; jij bent {Names(held, english: false)}."));
    }

    /// <summary>The roles <paramref name="user"/> holds in case <paramref name="c"/> (none for another team's case).</summary>
    public static RoleInCase RolesIn(ClaimsPrincipal user, ICaseAccessFacts c, string? factRecordedBy = null)
    {
        var id = user.UserId();
        var held = RoleInCase.None;
        if (id.Length == 0 || user.Team() != c.TeamId) return held;
        if (user.IsInRole(Roles.TeamLead)) held |= RoleInCase.TeamLead;
        if (!user.IsInRole(Roles.Professional)) return held;
        if (c.Casusregie == id) held |= RoleInCase.Casusregie;
        if (c.Procesregie == id) held |= RoleInCase.Procesregie;
        if (c.Procesbegeleider == id) held |= RoleInCase.Procesbegeleider;
        if (c.HasProfessionalMember(id)) held |= RoleInCase.SteunkringProfessional;
        // Whoever recorded a fact may correct it while they still hold a role in the case.
        if (held != RoleInCase.None && factRecordedBy == id) held |= RoleInCase.Recorder;
        return held;
    }

    private static (string English, string Dutch) Describe(CaseAction action) => action switch
    {
        CaseAction.RecordCheckIn => ("Recording a check-in", "Een check-in vastleggen"),
        CaseAction.AgreeCheckInMoments => ("Agreeing the check-in moments", "De check-in-momenten afspreken"),
        CaseAction.SetFamilyPlan => ("Recording a family plan", "Een gezinsplan vastleggen"),
        CaseAction.KeepSteunkring => ("Keeping the steunkring", "De steunkring bijhouden"),
        CaseAction.AssignProcesbegeleider => ("Assigning the procesbegeleider", "De procesbegeleider aanwijzen"),
        CaseAction.RecordCoreQuestions => ("Recording the core questions", "De kernvragen vastleggen"),
        CaseAction.GiveAllianceFeedback => ("Giving werkalliantie feedback", "Feedback in de werkalliantie-monitor geven"),
        CaseAction.HandOver => ("Handing over casusregie or procesregie", "Casusregie of procesregie overdragen"),
        CaseAction.Close => ("Closing the case", "De casus afsluiten"),
        CaseAction.Correct => ("Correcting a fact", "Een fout herstellen"),
        _ => (action.ToString(), action.ToString()),
    };

    private static string Names(RoleInCase roles, bool english)
    {
        var names = new List<string>();
        if (roles.HasFlag(RoleInCase.Casusregie)) names.Add("casusregie");
        if (roles.HasFlag(RoleInCase.Procesregie)) names.Add("procesregie");
        if (roles.HasFlag(RoleInCase.Procesbegeleider)) names.Add("procesbegeleider");
        if (roles.HasFlag(RoleInCase.SteunkringProfessional)) names.Add(english ? "a professional in the steunkring" : "een professional in de steunkring");
        if (roles.HasFlag(RoleInCase.TeamLead)) names.Add(english ? "the team lead" : "de teamleider");
        if (roles.HasFlag(RoleInCase.Recorder)) names.Add(english ? "whoever recorded the fact" : "wie het feit vastlegde");
        return names.Count <= 1 ? string.Concat(names)
            : string.Join(", ", names[..^1]) + (english ? " or " : " of ") + names[^1];
    }

    /// <summary>A closed case takes no more changes, except a correction by a team lead.</summary>
    public static bool MayChangeClosedCase(ClaimsPrincipal user, CaseAction action) =>
        action == CaseAction.Correct && user.IsInRole(Roles.TeamLead);

    /// <summary>
    /// The whole rule for a change, as the write path applies it and the pages ask it before showing a form: who may
    /// (<see cref="Decide"/>), then whether the case still takes changes (an erased case never; a closed one only a team
    /// lead's correction).
    /// </summary>
    public static AccessDecision DecideChange(ClaimsPrincipal user, ICaseAccessFacts c, CaseAction action, string? factRecordedBy = null)
    {
        var access = Decide(user, c, action, factRecordedBy);
        if (access.Outcome != AccessOutcome.Allowed) return access;
        if (c.ErasedOn is { } erasedOn)
            return AccessDecision.Closed(Say.In($"The client's personal data was erased from this case on {erasedOn:yyyy-MM-dd}; it takes no more changes.",
                $"De persoonsgegevens van de cliënt zijn op {erasedOn:yyyy-MM-dd} uit deze casus gewist; er kan niets meer bij."));
        if (c.Closed && !MayChangeClosedCase(user, action))
            return AccessDecision.Closed(action == CaseAction.Correct
                ? Say.In($"The case was closed on {c.ClosedOn:yyyy-MM-dd}; it takes no more changes (a team lead may still correct a mistake).",
                    $"De casus is op {c.ClosedOn:yyyy-MM-dd} afgesloten; er kan niets meer bij (een teamleider kan nog een fout herstellen).")
                : Say.In($"The case was closed on {c.ClosedOn:yyyy-MM-dd}; it takes no more changes.",
                    $"De casus is op {c.ClosedOn:yyyy-MM-dd} afgesloten; er kan niets meer bij."));
        return AccessDecision.Allowed;
    }

    /// <summary>Whether the page may offer <paramref name="action"/>: the same rule the write path applies.</summary>
    public static bool May(ClaimsPrincipal user, ICaseAccessFacts c, CaseAction action) => DecideChange(user, c, action).Outcome == AccessOutcome.Allowed;

    /// <summary>Opening a case: a professional, for their own team.</summary>
    public static AccessDecision DecideOpening(ClaimsPrincipal user, string teamId) =>
        user.Team() == teamId
            ? AccessDecision.Allowed
            : AccessDecision.Forbidden($"You open cases for your own team ({user.Team() ?? "none in your token"}) only.");

    /// <summary>The teams whose cases a list may show: null for every team, else the user's own team.</summary>
    public static AccessDecision DecideListing(ClaimsPrincipal user, string? requestedTeam, out string? team)
    {
        team = string.IsNullOrWhiteSpace(requestedTeam) ? null : requestedTeam;
        if (SeesAllTeams(user)) return AccessDecision.Allowed;
        var own = user.Team();
        if (own is null) return AccessDecision.Forbidden("Your token names no team, so there are no cases for you to list.");
        if (team is not null && team != own) return AccessDecision.Forbidden($"You see the cases of your own team ({own}) only.");
        team = own;
        return AccessDecision.Allowed;
    }

    public static IResult Answer(AccessDecision decision, Guid caseId) => decision.Outcome switch
    {
        AccessOutcome.Hidden => Problems.CaseNotFound(caseId),
        AccessOutcome.Closed => Problems.Conflict(decision.Why!),
        _ => Problems.Problem(StatusCodes.Status403Forbidden, "Not allowed", decision.Why!),
    };
}
