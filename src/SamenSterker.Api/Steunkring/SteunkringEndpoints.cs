namespace SamenSterker.Steunkring;

public static class SteunkringEndpoints
{
    public static RouteGroupBuilder MapSteunkring(this RouteGroupBuilder cases)
    {
        var group = cases.MapGroup("").WithTags("Steunkring");
        AddMember.Map(group);
        MemberLeaves.Map(group);
        AssignProcesbegeleider.Map(group);
        HoldIntake.Map(group);
        HoldMeeting.Map(group);
        AnswerCoreQuestions.Map(group);
        return cases;
    }
}
