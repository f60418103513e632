namespace SamenSterker.Alliance;

public static class AllianceEndpoints
{
    public static RouteGroupBuilder MapAlliance(this RouteGroupBuilder cases)
    {
        GiveAllianceFeedback.Map(cases.MapGroup("").WithTags("Werkalliantie"));
        return cases;
    }
}
