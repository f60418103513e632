using SamenSterker.Cases;
using SamenSterker.Platform;

namespace SamenSterker.Agreements;

/// <summary>The SMART agreements made at check-ins and reviewed at the next (their events are the check-in's): the read
/// model of a case's agreements and outcome rates, and its endpoint.</summary>
public static class AgreementsSetup
{
    public static WebApplicationBuilder AddAgreements(this WebApplicationBuilder builder)
    {
        builder.Services.AddReadModel<CaseAgreements>(CaseAgreementsProjection.ProjectionName, c => c.Add(new CaseAgreementsProjection()));
        return builder;
    }

    public static WebApplication MapAgreements(this WebApplication app)
    {
        GetAgreements.Map(app.CaseRoutes("Agreements"));
        return app;
    }
}
