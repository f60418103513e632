using SamenSterker.Cases;
using SamenSterker.Platform;

namespace SamenSterker.Steunkring;

/// <summary>The client's support circle (seed 001): members, the procesbegeleider, intakes, meetings, core questions.</summary>
public static class SteunkringSetup
{
    public static WebApplicationBuilder AddSteunkring(this WebApplicationBuilder builder)
    {
        builder.Services.AddEvents(typeof(SteunkringMemberAdded), typeof(SteunkringMemberLeft), typeof(ProcesbegeleiderAssigned),
            typeof(SteunkringIntakeHeld), typeof(SteunkringMeetingHeld), typeof(CoreQuestionsAnswered), typeof(SteunkringMemberCorrected),
            typeof(SteunkringMeetingPlanned), typeof(SteunkringAgendaPrepared), typeof(PlanAgreementReviewed));
        return builder;
    }

    public static WebApplication MapSteunkring(this WebApplication app)
    {
        var cases = app.CaseRoutes("Steunkring");
        AddMember.Map(cases);
        MemberLeaves.Map(cases);
        AssignProcesbegeleider.Map(cases);
        HoldIntake.Map(cases);
        PlanMeeting.Map(cases);
        PrepareAgenda.Map(cases);
        HoldMeeting.Map(cases);
        SteunkringProcess.Map(cases);
        AnswerCoreQuestions.Map(cases);
        return app;
    }
}
