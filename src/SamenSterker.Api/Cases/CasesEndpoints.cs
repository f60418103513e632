namespace SamenSterker.Cases;

public static class CasesEndpoints
{
    public static RouteGroupBuilder MapCases(this RouteGroupBuilder cases)
    {
        var group = cases.MapGroup("").WithTags("Cases");
        OpenCase.Map(group);
        ListCases.Map(group);
        GetCase.Map(group);
        GetTimeline.Map(group);
        AgreeCheckInMoments.Map(group);
        SetFamilyPlan.Map(group);
        AssignRoles.Map(group);
        CloseCase.Map(group);
        return cases;
    }
}
