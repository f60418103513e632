using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using SamenSterker.Cases;
using SamenSterker.Infrastructure;

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

/// <summary>What a request does to a case, as far as access is concerned.</summary>
public enum CaseAction
{
    /// <summary>Read what the case holds: the case, its timeline, trends, agreements, history.</summary>
    Read = 1,
    /// <summary>Record something in the case: a check-in, the steunkring, moments, a family plan, feedback.</summary>
    Record,
    /// <summary>Hand over casusregie or procesregie.</summary>
    HandOver,
    /// <summary>Close the case.</summary>
    Close,
    /// <summary>Correct a fact recorded wrongly (with a new event).</summary>
    Correct,
}

public enum AccessOutcome { Allowed = 1, Forbidden, Hidden }

/// <summary>Forbidden answers 403 with why; Hidden answers 404, exactly as for a case that does not exist.</summary>
public sealed record AccessDecision(AccessOutcome Outcome, string? Why = null)
{
    public static readonly AccessDecision Allowed = new(AccessOutcome.Allowed);
    public static readonly AccessDecision Hidden = new(AccessOutcome.Hidden);
    public static AccessDecision Forbidden(string why) => new(AccessOutcome.Forbidden, why);
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

    /// <summary>The case-level rule: may <paramref name="user"/> do <paramref name="action"/> to case <paramref name="c"/>?</summary>
    public static AccessDecision Decide(ClaimsPrincipal user, Case c, CaseAction action)
    {
        if (!SeesTeam(user, c.TeamId)) return AccessDecision.Hidden;
        if (action == CaseAction.Read) return AccessDecision.Allowed;

        var id = user.UserId();
        if (user.IsInRole(Roles.Professional) && HoldsRole(c, id)) return AccessDecision.Allowed;
        if (user.IsInRole(Roles.TeamLead) && user.Team() == c.TeamId && action is CaseAction.HandOver or CaseAction.Close or CaseAction.Correct)
            return AccessDecision.Allowed;

        if (user.IsInRole(Roles.TeamLead) && !user.IsInRole(Roles.Professional))
            return AccessDecision.Forbidden("A team lead hands over casusregie and procesregie, closes cases and corrects mistakes; "
                                            + "what happens in the case is recorded by the professionals who hold a role in it.");
        if (user.IsInRole(Roles.Professional))
            return AccessDecision.Forbidden($"You hold no role in this case (casusregie, procesregie, procesbegeleider or a professional "
                                            + "member of its steunkring), so you may read it but not change it. Ask your team lead to give you a role.");
        return AccessDecision.Forbidden("Your role may read this case but not change it.");
    }

    /// <summary>A closed case takes no more changes, except a correction by a team lead.</summary>
    public static bool MayChangeClosedCase(ClaimsPrincipal user, CaseAction action) =>
        action == CaseAction.Correct && user.IsInRole(Roles.TeamLead);

    /// <summary>A role in the case: casusregie, procesregie, procesbegeleider, or a professional member of the steunkring.</summary>
    public static bool HoldsRole(Case c, string userId) =>
        userId.Length > 0 && (c.Casusregie == userId || c.Procesregie == userId || c.Procesbegeleider == userId
                              || c.Members.Any(m => m.UserId == userId));

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
        _ => Problems.Problem(StatusCodes.Status403Forbidden, "Not allowed", decision.Why!),
    };
}
