namespace SamenSterker.CheckIns;

public static class CheckInsEndpoints
{
    public static RouteGroupBuilder MapCheckIns(this RouteGroupBuilder cases)
    {
        var group = cases.MapGroup("").WithTags("Check-ins");
        RecordCheckIn.Map(group);
        GetTrends.Map(group);
        TrendsChart.Map(group);
        return cases;
    }
}
