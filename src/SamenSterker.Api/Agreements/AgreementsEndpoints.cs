namespace SamenSterker.Agreements;

public static class AgreementsEndpoints
{
    public static RouteGroupBuilder MapAgreements(this RouteGroupBuilder cases)
    {
        GetAgreements.Map(cases.MapGroup("").WithTags("Agreements"));
        return cases;
    }
}
