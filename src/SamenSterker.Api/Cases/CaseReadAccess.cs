using Marten;
using SamenSterker.Access;
using SamenSterker.Platform;

namespace SamenSterker.Cases;

/// <summary>
/// Every read of one case (<c>GET /api/cases/{id}/…</c>) passes here: the case is loaded once (one query on
/// its inline snapshot), <see cref="Policies.Decide"/> says whether the caller may read it (404 for another
/// team's case, exactly as for a missing one), and the endpoint takes the loaded case from here instead of
/// loading it again. A new read endpoint in the group is covered without doing anything.
/// </summary>
public static class CaseReadAccess
{
    private const string ItemKey = "samensterker.readable-case";

    public static RouteGroupBuilder RequireCaseReadAccess(this RouteGroupBuilder cases)
    {
        cases.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (!HttpMethods.IsGet(http.Request.Method) || http.Request.RouteValues["id"] is not string raw || !Guid.TryParse(raw, out var id))
                return await next(context);

            var c = await http.RequestServices.GetRequiredService<IQuerySession>().LoadAsync<Case>(id, http.RequestAborted);
            if (c is null) return Problems.CaseNotFound(id);
            var access = Policies.Decide(http.User, c, CaseAction.Read);
            if (access.Outcome != AccessOutcome.Allowed) return Policies.Answer(access, id);
            http.Items[ItemKey] = c;
            return await next(context);
        });
        return cases;
    }

    /// <summary>The case this read is about, as the access check loaded it.</summary>
    public static Case ReadableCase(this HttpContext http) =>
        http.Items[ItemKey] as Case ?? throw new InvalidOperationException("This endpoint is not behind RequireCaseReadAccess.");
}
