using SamenSterker.Access;
using SamenSterker.Cases;
using SamenSterker.Platform;

namespace SamenSterker.Praatplaat;

/// <summary>The Praatplaat (seed 002): reflections on working with the people around a family, each ending in one step.</summary>
public static class PraatplaatSetup
{
    public static WebApplicationBuilder AddPraatplaat(this WebApplicationBuilder builder)
    {
        builder.Services.AddEvents(typeof(ReflectionWithFamilyHeld), typeof(ReflectionHeld));
        return builder;
    }

    public static WebApplication MapPraatplaat(this WebApplication app)
    {
        var cases = app.CaseRoutes("Praatplaat");
        HoldReflection.MapForCase(cases);
        ReflectionsOf.MapForCase(cases);
        var me = app.MapGroup("/api/me").RequireAuthorization(Policies.OwnReminders).WithTags("Praatplaat");
        HoldReflection.MapForMe(me);
        ReflectionsOf.MapForMe(me);
        return app;
    }
}
