namespace SamenSterker.CheckIns;

public static class CheckInsEndpoints
{
    public static RouteGroupBuilder MapCheckIns(this RouteGroupBuilder cases)
    {
        RecordCheckIn.Map(cases.MapGroup("").WithTags("Check-ins"));
        return cases;
    }
}
